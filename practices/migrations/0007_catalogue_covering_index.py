"""A covering index for the catalogue (PostgreSQL only; on SQLite this does nothing).

Keyed by status, then newest first: the default catalogue page reads its twenty rows in index order.
It also carries every column the facet counts need, so counting the whole catalogue (or relating one
practice to the others by date) is an index-only scan instead of a pass over the wide table rows.
"""

from django.db import migrations

INDEX = "practice_catalogue_cover"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON practices_practice "
            "(status, published_at DESC, id DESC) INCLUDE (owner_id, country, sector, cost_band, setup_time)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0006_content_languages")]

    operations = [migrations.RunPython(forward, backward)]
