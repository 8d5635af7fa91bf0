"""The programme report: the live version of a mutual learning programme's outcome, in six queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django_countries.fields import Country

from members.models import Membership
from practices.enums import PracticeStatus
from practices.models import Practice
from practices.selectors.translations import with_reader_translation
from sessions_app.enums import RegistrationStatus, SessionStatus
from sessions_app.models import Programme, Registration, Session, Trend
from sessions_app.selectors.programmes import sessions_of_programme


@dataclass(frozen=True)
class CountryCount:
    country: Country
    people: int


@dataclass(frozen=True)
class ProgrammeReport:
    programme: Programme
    sessions: list[Session]
    trends: list[Trend]
    practices: list[Practice]
    countries: list[CountryCount]
    participants: int

    @property
    def held_sessions(self) -> list[Session]:
        return [session for session in self.sessions if session.status != SessionStatus.CANCELLED]


def _took_part(prefix: str = "") -> Q:
    """Confirmed for a session that has started, and not marked absent (attendance unknown counts as
    taking part): registrants of sessions still ahead have not taken part yet."""
    return (
        Q(**{f"{prefix}status": RegistrationStatus.CONFIRMED})
        & Q(**{f"{prefix}session__starts_at__lte": timezone.now()})
        & (Q(**{f"{prefix}attended__isnull": True}) | Q(**{f"{prefix}attended": True}))
    )


def programme_countries(programme: Programme) -> list[CountryCount]:
    """Countries of the organisations of the people who took part, with how many people, most first."""
    rows = (
        Membership.objects.filter(
            Q(user__registrations__session__programme=programme)
            & ~Q(user__registrations__session__status=SessionStatus.CANCELLED)
            & _took_part("user__registrations__")
        )
        .exclude(organisation__country="")
        .values("organisation__country")
        .annotate(people=Count("user", distinct=True))
        .order_by()
    )
    counts = [CountryCount(Country(code=row["organisation__country"]), row["people"]) for row in rows]
    return sorted(counts, key=lambda row: (-row.people, row.country.name))


def programme_participants(programme: Programme) -> int:
    return (
        Registration.objects.filter(_took_part(), session__programme=programme)
        .exclude(session__status=SessionStatus.CANCELLED)
        .values("user")
        .distinct()
        .count()
    )


def programme_trends(programme: Programme) -> list[Trend]:
    return list(
        Trend.objects.filter(programme=programme).prefetch_related(
            Prefetch("sessions", queryset=Session.objects.select_related("programme").order_by("number"))
        )
    )


def programme_practices(programme: Programme) -> list[Practice]:
    """Published practices presented in any of the programme's sessions, each with those sessions."""
    return list(
        with_reader_translation(Practice.objects.all())
        .filter(sessions__programme=programme, status=PracticeStatus.PUBLISHED)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.filter(programme=programme)
                .select_related("programme")
                .order_by("number"),
                to_attr="programme_sessions",
            )
        )
        .distinct()
        .order_by("title")
    )


def next_session_start(report: ProgrammeReport) -> datetime | None:
    """When the programme's next session starts: its registrants then count as having taken part, so a
    report kept until then is stale."""
    now = timezone.now()
    return min(
        (session.starts_at for session in report.held_sessions if session.starts_at > now), default=None
    )


def programme_report(programme: Programme) -> ProgrammeReport:
    return ProgrammeReport(
        programme=programme,
        sessions=sessions_of_programme(programme, summary_text=True),
        trends=programme_trends(programme),
        practices=programme_practices(programme),
        countries=programme_countries(programme),
        participants=programme_participants(programme),
    )
