"""The stored full-text search vector of practices (PostgreSQL only; search falls back on SQLite).

Title weighs most (A), then the summary (B), then the description and transferability text (C); the
translations' titles, summaries and descriptions weigh as the originals, so a practice is found by
the words of any of its languages. Every service that writes a practice's text or a translation calls
``practices_reindex`` in the same transaction.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce

from practices.cache import catalogue_changed
from practices.models import Practice, PracticeTranslation

SEARCH_CONFIG = "simple"  # practices come in many languages: no language-specific stemming


def _translated(field: str):
    """All the practice's translations of ``field``, in one string (empty when there are none)."""
    rows = PracticeTranslation.objects.filter(practice_id=OuterRef("pk")).order_by().values("practice_id")
    joined = rows.annotate(text=StringAgg(field, delimiter=Value(" "))).values("text")
    return Coalesce(Subquery(joined, output_field=TextField()), Value(""), output_field=TextField())


def _text(field: str):
    return Cast(field, TextField())  # one type for every part of a vector (CharField and TextField mix)


def search_vector_expression():
    return (
        SearchVector(_text("title"), _translated("title"), weight="A", config=SEARCH_CONFIG)
        + SearchVector(_text("summary"), _translated("summary"), weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            _text("description"),
            _text("transferable"),
            _text("sector"),
            _translated("description"),
            weight="C",
            config=SEARCH_CONFIG,
        )
    )


def practices_reindex(*, practice_ids: Iterable[int] | None = None) -> int:
    """Recompute stored search vectors (all practices when ``practice_ids`` is None); returns rows updated."""
    catalogue_changed()  # every write to a practice comes through here
    if connection.vendor != "postgresql":
        return 0
    queryset = (
        Practice.objects.all() if practice_ids is None else Practice.objects.filter(pk__in=list(practice_ids))
    )
    return queryset.update(search_vector=search_vector_expression())
