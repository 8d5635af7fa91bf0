"""Commitments as pages show them: the programme report's section "commitments and their outcomes"
(registered from AppConfig.ready()), the commitment list, and the sessions one may commit after."""

from collections import Counter
from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from assessments.enums import CommitmentStatus
from assessments.models import CheckIn, Commitment
from members.permissions import managed_organisation_ids
from sessions_app.enums import SessionStatus
from sessions_app.models import Session
from sessions_app.permissions import can_manage_programme
from sessions_app.selectors.programmes import sessions_visible_to

RECENT_SESSIONS = timedelta(days=183)  # sessions offered on the commitment list: the last six months
LIST_LIMIT = 200


def programme_commitments(programme) -> list[Commitment]:
    """Every commitment made after the programme's sessions, with what the page shows (one query)."""
    commitments = list(
        Commitment.objects.filter(session__programme=programme)
        .select_related("organisation", "practice", "session")
        .order_by("session__number", "organisation__name", "pk")
    )
    for commitment in commitments:
        commitment.session.programme = programme  # already loaded: no query per session for its URL
    return commitments


def report_section(programme, user) -> dict | None:
    """The section's context (None hides it). The notes are the organisations' own words: shown to the
    programme's staff; every reader sees who committed to what and the outcome."""
    commitments = programme_commitments(programme)
    if not commitments:
        return None
    counts = Counter(commitment.status for commitment in commitments)
    return {
        "commitments": commitments,
        "counts": [(status.label, counts.get(status.value, 0)) for status in CommitmentStatus],
        "show_notes": can_manage_programme(user, programme),
    }


def commitments_for_list(user) -> list[Commitment]:
    """Commitments of the organisations the person manages (all for admins), newest first, two queries."""
    managed = managed_organisation_ids(user)
    commitments = (
        Commitment.objects.all()
        if managed is None
        else Commitment.objects.filter(organisation_id__in=managed)
    )
    return list(
        commitments.select_related("organisation", "practice", "session__programme").prefetch_related(
            Prefetch("checkins", queryset=CheckIn.objects.order_by("months"))
        )[:LIST_LIMIT]
    )


def sessions_to_commit_after(user) -> QuerySet[Session]:
    """Visible sessions that took place in the last six months (not cancelled), latest first."""
    now = timezone.now()
    return (
        sessions_visible_to(user)
        .filter(starts_at__lte=now, starts_at__gte=now - RECENT_SESSIONS)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("programme")
        .order_by("-starts_at")[:20]
    )
