"""PostgreSQL full-text search: trigram extension, GIN indexes on the stored vector and on titles.

On SQLite (the embedded default) these steps do nothing: search falls back to plain matching.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS practice_search_vector_gin ON practices_practice USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS practice_title_trgm ON practices_practice USING gin (title gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS practice_title_trgm",
    "DROP INDEX IF EXISTS practice_search_vector_gin",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


def create_curators_group(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; this one is needed now, for the group.
    create_permissions(global_apps.get_app_config("practices"), apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    curators, _ = group_model.objects.get_or_create(name="Curators")
    curators.permissions.add(permission_model.objects.get(codename="curate_practice"))


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(create_curators_group, migrations.RunPython.noop),
    ]
