"""The stored full-text search vector of practices (PostgreSQL only; search falls back on SQLite).

Title weighs most (A), then the summary (B), then the description and transferability text (C).
Every service that writes a practice's text calls ``practices_reindex`` in the same transaction.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection

from practices.models import Practice

SEARCH_CONFIG = "simple"  # practices come in many languages: no language-specific stemming


def search_vector_expression():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", "transferable", "sector", weight="C", config=SEARCH_CONFIG)
    )


def practices_reindex(*, practice_ids: Iterable[int] | None = None) -> int:
    """Recompute stored search vectors (all practices when ``practice_ids`` is None); returns rows updated."""
    if connection.vendor != "postgresql":
        return 0
    queryset = (
        Practice.objects.all() if practice_ids is None else Practice.objects.filter(pk__in=list(practice_ids))
    )
    return queryset.update(search_vector=search_vector_expression())
