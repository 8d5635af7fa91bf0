"""Writing many rows fast: PostgreSQL's COPY for the big tables, ``bulk_create`` for the small ones.

``copy_rows`` takes one dict per row (model attribute names); a column left out gets the field's default,
so a field added to a model later does not break the generator unless it is required and has none. Ids
are given here (the tables start empty), then the sequences are moved past them.
"""

from collections.abc import Callable, Iterable

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

BATCH = 5_000
_MISSING = object()


def bulk(model, objects: Iterable, batch: int = BATCH) -> list:
    return model.objects.bulk_create(list(objects), batch_size=batch)


def _default(field, now) -> Callable[[], object]:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda: now
    if field.has_default() and callable(field.default):
        return field.default
    value = field.get_default()
    if value is None and not field.null:
        name = f"{field.model.__name__}.{field.attname}"
        return lambda: (_ for _ in ()).throw(ValueError(f"{name} needs a value"))
    return lambda: value


class Table:
    """Rows for one model, written with COPY; ``add`` returns the new row's id."""

    def __init__(self, model) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        now = timezone.now()
        self.defaults = {f.attname: _default(f, now) for f in self.fields if not f.primary_key}
        self.pk = model._meta.pk.attname
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(self.pk)}), 0) FROM {table}")  # noqa: S608 - names from the model
            self.next_id = cursor.fetchone()[0] + 1
        self.rows: list[tuple] = []

    def add(self, **values) -> int:
        pk = self.next_id
        self.next_id += 1
        row = []
        for field in self.fields:
            if field.primary_key:
                row.append(pk)
                continue
            value = values.get(field.attname, _MISSING)
            if value is _MISSING:
                value = values.get(field.name, _MISSING)
                if value is not _MISSING and value is not None and hasattr(value, "pk"):
                    value = value.pk
            row.append(self.defaults[field.attname]() if value is _MISSING else value)
        self.rows.append(tuple(row))
        return pk

    def write(self) -> int:
        """COPY the rows collected so far; returns how many."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        sql = f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN"
        connection.ensure_connection()
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row(row)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)
        written, self.rows = len(self.rows), []
        return written
