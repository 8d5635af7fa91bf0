"""Reads for the organisation page's "Practices" section (registered in practices.apps)."""

from practices.enums import PracticeStatus
from practices.models import Practice

SECTION_LIMIT = 20


def practices_owned_by(organisation) -> list[Practice]:
    """Published practices the organisation owns, newest first (one query)."""
    return list(
        Practice.objects.filter(owner=organisation, status=PracticeStatus.PUBLISHED)
        .only("title", "slug", "summary", "published_at")
        .order_by("-published_at", "title")[:SECTION_LIMIT]
    )


def organisation_section(organisation, user) -> dict | None:
    practices = practices_owned_by(organisation)
    return {"practices": practices} if practices else None
