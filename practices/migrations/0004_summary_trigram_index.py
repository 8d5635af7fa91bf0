"""Trigram index on summaries: typo-tolerant search matches summaries too (PostgreSQL only)."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS practice_summary_trgm ON practices_practice USING gin (summary gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS practice_summary_trgm")


class Migration(migrations.Migration):
    dependencies = [("practices", "0003_notified_at")]

    operations = [migrations.RunPython(forward, backward)]
