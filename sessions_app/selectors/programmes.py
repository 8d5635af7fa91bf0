"""Programmes and sessions as their pages need them, scoped to the reader (drafts and members-only
programmes only for those who may see them: sessions_app.permissions)."""

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from members.models import Membership, Organisation
from members.permissions import is_member, managed_organisation_ids
from practices.enums import PracticeStatus
from practices.models import Practice
from practices.selectors.translations import with_reader_translation
from sessions_app.enums import ProgrammeStatus, RegistrationStatus, SessionStatus, Visibility
from sessions_app.models import Programme, Registration, Session, SessionSpeaker
from sessions_app.permissions import VISIBLE_STATUSES, can_view_programme
from sessions_app.selectors.registrations import registration_of
from sessions_app.selectors.translations import hand_over_texts, with_programme_text, with_session_text


class SessionEnd(Func):
    """``starts_at + duration_minutes`` computed by the database (SQLite cannot multiply durations)."""

    output_field = DateTimeField()
    arg_joiner = " + INTERVAL '1 minute' * "
    template = "(%(expressions)s)"

    def __init__(self) -> None:
        super().__init__(F("starts_at"), F("duration_minutes"))

    def as_sqlite(self, compiler, connection, **extra):
        # Text timestamps: datetime(start, '+' || minutes || ' minutes'), compared as text like Django does.
        return self.as_sql(
            compiler,
            connection,
            template="datetime(%(expressions)s || ' minutes')",
            arg_joiner=", '+' || ",
            **extra,
        )


NOT_CANCELLED = ~Q(sessions__status=SessionStatus.CANCELLED)


def _visible_q(user) -> Q | None:
    """The SQL twin of ``can_view_programme``; None means every programme (platform admins)."""
    managed = managed_organisation_ids(user)
    if managed is None:
        return None
    visible = Q(status__in=VISIBLE_STATUSES)
    if not is_member(user):
        visible &= Q(visibility=Visibility.PUBLIC)
    if managed:
        co_hosted = Programme.co_hosts.through.objects.filter(
            programme_id=OuterRef("pk"), organisation_id__in=managed
        )
        visible |= Q(organiser_id__in=managed) | Q(Exists(co_hosted))
    return visible


def programmes_visible_to(user) -> QuerySet[Programme]:
    visible = _visible_q(user)
    programmes = Programme.objects.all()
    return programmes if visible is None else programmes.filter(visible)


def _with_hosts(queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    """What the permission predicates walk: organiser and co-hosts with their parents."""
    return queryset.select_related("organiser__parent__parent").prefetch_related(
        Prefetch("co_hosts", queryset=Organisation.objects.select_related("parent__parent").order_by("name"))
    )


def _with_dates(queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    """Dates derived from the sessions (cancelled ones left out) and how many sessions there are."""
    return queryset.annotate(
        first_start=Min("sessions__starts_at", filter=NOT_CANCELLED),
        last_start=Max("sessions__starts_at", filter=NOT_CANCELLED),
        session_count=Count("sessions", filter=NOT_CANCELLED, distinct=True),
    )


def programmes_for_list(user) -> list[Programme]:
    """Visible programmes, current ones (published) first, then the rest by their latest session."""
    programmes = _with_dates(_with_hosts(with_programme_text(programmes_visible_to(user)))).order_by(
        F("last_start").desc(nulls_first=True), "-created_at"
    )
    order = {ProgrammeStatus.DRAFT: 0, ProgrammeStatus.PUBLISHED: 0}
    return sorted(programmes, key=lambda programme: order.get(programme.status, 1))


def programme_for_page(slug: str, user) -> Programme:
    """One programme with its hosts and derived dates; Http404 when missing or not visible to ``user``."""
    programmes = with_programme_text(Programme.objects.all(), full=True)
    programme = _with_dates(_with_hosts(programmes)).filter(slug=slug).first()
    if programme is None or not can_view_programme(user, programme):
        raise Http404
    return programme


def sessions_of_programme(programme: Programme, *, summary_text: bool = False) -> list[Session]:
    """The programme's sessions in order, each with its summary (if any) and practice count, their
    titles (and with ``summary_text`` their summaries) in the reader's language."""
    sessions = with_session_text(
        Session.objects.filter(programme=programme), programme=False, summary=summary_text
    )
    sessions = hand_over_texts(
        sessions.select_related("summary")
        .annotate(practice_count=Count("practices", filter=Q(practices__status=PracticeStatus.PUBLISHED)))
        .order_by("number")
    )
    for session in sessions:
        session.programme = programme  # already loaded: no query per session for its URL
    return sessions


def sessions_visible_to(user) -> QuerySet[Session]:
    return Session.objects.filter(programme__in=programmes_visible_to(user))


def _confirmed_counts() -> QuerySet:
    rows = Registration.objects.filter(session_id=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
    return rows.order_by().values("session_id").annotate(n=Count("pk")).values("n")


def sessions_for_list(user, *, past: bool = False) -> QuerySet[Session]:
    """Upcoming (not yet ended, soonest first) or past (latest first) sessions of visible programmes,
    with their titles and their programme's in the reader's language (``hand_over_texts`` the rows)."""
    now = timezone.now()
    sessions = (
        with_session_text(sessions_visible_to(user))
        .alias(ends_at_db=SessionEnd())
        .select_related("programme__organiser")
        # A correlated count, not a join and GROUP BY: the database counts only the sessions of the
        # page (at 200,000 registrations the grouped join cost ~1 s before the LIMIT applied).
        .annotate(confirmed_count=Coalesce(Subquery(_confirmed_counts()), 0))
    )
    if past:
        return sessions.filter(ends_at_db__lte=now).order_by("-starts_at", "-number")
    return sessions.filter(ends_at_db__gt=now).order_by("starts_at", "number")


def session_for_page(slug: str, number: int, user, *, with_registration: bool = True) -> Session:
    """One session with everything its page shows; Http404 when missing or its programme is not visible.

    ``session.viewer_registration`` is the reader's Registration (any status, with its
    ``waitlist_position``) or None: one query for a signed-in reader, none for anonymous ones. Pages that
    fetch it with the registration box's context pass ``with_registration=False``.
    """
    session = (
        with_session_text(Session.objects.all(), full=True, summary=True)
        .select_related("programme__organiser__parent__parent", "summary")
        .prefetch_related(
            Prefetch(
                "programme__co_hosts",
                queryset=Organisation.objects.select_related("parent__parent").order_by("name"),
            ),
            Prefetch(
                "speakers",
                queryset=SessionSpeaker.objects.select_related("user").order_by("role", "pk"),
            ),
            Prefetch(
                "practices",
                queryset=with_reader_translation(Practice.objects.filter(status=PracticeStatus.PUBLISHED))
                .select_related("owner")
                .order_by("title"),
            ),
        )
        .filter(programme__slug=slug, number=number)
        .first()
    )
    if session is None or not can_view_programme(user, session.programme):
        raise Http404
    hand_over_texts([session])
    session.viewer_registration = registration_of(user=user, session=session) if with_registration else None
    return session


def session_countries(session: Session) -> list[str]:
    """Country codes of the organisations of the session's confirmed registrants, sorted."""
    codes = (
        Membership.objects.filter(
            user__registrations__session=session, user__registrations__status=RegistrationStatus.CONFIRMED
        )
        .exclude(organisation__country="")
        .order_by()
        .values_list("organisation__country", flat=True)
        .distinct()
    )
    return sorted(codes)


def upcoming_sessions(user, *, limit: int) -> list[Session]:
    """The next sessions that will take place (cancelled ones left out), for the home page."""
    return hand_over_texts(sessions_for_list(user).exclude(status=SessionStatus.CANCELLED)[:limit])


def featured_programme(user, upcoming: list[Session]) -> Programme | None:
    """The programme of the next session; with none coming, the latest published or completed one."""
    programmes = _with_dates(with_programme_text(programmes_visible_to(user)))
    if upcoming:
        return programmes.select_related("organiser").get(slug=upcoming[0].programme.slug)
    return (
        programmes.filter(status__in=[ProgrammeStatus.PUBLISHED, ProgrammeStatus.COMPLETED])
        .select_related("organiser")
        .order_by(F("last_start").desc(nulls_last=True), "-created_at")
        .first()
    )


def programmes_of_organisation(organisation, user) -> list[Programme]:
    """Visible programmes the organisation organised or co-hosted, latest first (for its page)."""
    hosted = Q(organiser=organisation) | Q(
        Exists(
            Programme.co_hosts.through.objects.filter(programme_id=OuterRef("pk"), organisation=organisation)
        )
    )
    return list(
        _with_dates(with_programme_text(programmes_visible_to(user)).filter(hosted)).order_by(
            F("last_start").desc(nulls_last=True)
        )
    )


def organisation_section(organisation, user) -> dict | None:
    programmes = programmes_of_organisation(organisation, user)
    return {"programmes": programmes} if programmes else None
