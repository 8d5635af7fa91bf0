"""Reads for registration: the viewer's place, my sessions, the staff list of registrants, calendar feeds."""

import functools

from django.db import connections
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from members.enums import MembershipRole
from members.models import Membership, Organisation, User
from members.permissions import answer_membership_predicates, is_member
from sessions_app.enums import RegistrationStatus, SessionStatus, Visibility
from sessions_app.models import CalendarFeed, Programme, Registration, Session
from sessions_app.permissions import (
    VISIBLE_STATUSES,
    can_manage_some_programme,
    can_view_programme,
    is_open_to_everyone,
)

ROLE_LABELS = dict(MembershipRole.choices)


def programme_by_slug(slug: str) -> Programme:
    """The programme with what ``can_view_programme`` and ``can_manage_programme`` need, or 404."""
    queryset = Programme.objects.select_related("organiser__parent__parent").prefetch_related(
        "co_hosts__parent__parent"
    )
    return get_object_or_404(queryset, slug=slug)


def session_by_number(slug: str, number: int) -> Session:
    """One session with its programme loaded for the permission predicates, or 404."""
    queryset = Session.objects.select_related("programme__organiser__parent__parent").prefetch_related(
        "programme__co_hosts__parent__parent"
    )
    return get_object_or_404(queryset, programme__slug=slug, number=number)


def _with_hosts_where_needed(programmes: list[Programme], user) -> None:
    """Fetch the organiser and co-hosts (with their parents) that ``can_view_programme`` walks, only
    where it walks them: a programme not published, or open to members only and ``user`` not a member.
    Two queries at most (and the membership check, cached on the user, that the predicate makes too)."""

    def walks_hosts(programme: Programme) -> bool:
        if programme.status not in VISIBLE_STATUSES:
            return True
        return programme.visibility != Visibility.PUBLIC and not is_member(user)

    hosts = Organisation.objects.select_related("parent__parent")
    prefetch_related_objects(
        [programme for programme in programmes if walks_hosts(programme)],
        Prefetch("organiser", queryset=hosts),
        Prefetch("co_hosts", queryset=hosts),
    )


def session_to_register(slug: str, number: int, user) -> Session:
    """One session with what ``can_view_programme`` needs, or 404, for the register action: one query
    for a public programme (see ``_with_hosts_where_needed``)."""
    session = get_object_or_404(
        Session.objects.select_related("programme"), programme__slug=slug, number=number
    )
    _with_hosts_where_needed([session.programme], user)
    return session


def _waitlist_position():
    """1 for the first person on the session's waiting list; None for everyone else."""
    ahead = (
        Registration.objects.filter(session=OuterRef("session"), status=RegistrationStatus.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("session")
        .annotate(ahead=Count("pk"))
        .values("ahead")
    )
    return Case(
        When(
            status=RegistrationStatus.WAITLISTED,
            then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1,
        ),
        default=None,
        output_field=IntegerField(),
    )


def registration_of(*, user, session: Session) -> Registration | None:
    """The viewer's registration for the session (with ``waitlist_position``), or None."""
    if not (user and user.is_authenticated):
        return None
    return (
        Registration.objects.filter(session=session, user=user)
        .annotate(waitlist_position=_waitlist_position())
        .first()
    )


def confirmed_count(session: Session) -> int:
    return Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).count()


def registration_closed_reason(session: Session, *, now=None) -> str:
    """Why nobody can register for the session now, or "" while registration is open."""
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        return _("This session has been cancelled.")
    if session.status == SessionStatus.COMPLETED or session.starts_at <= now:
        return _("Registration has closed: the session has started.")
    if session.registration_closes_at and session.registration_closes_at <= now:
        return _("Registration for this session has closed.")
    if session.registration_opens_at and session.registration_opens_at > now:
        opens = date_format(timezone.localtime(session.registration_opens_at), "DATETIME_FORMAT")
        return _("Registration opens on %(date)s.") % {"date": opens}
    return ""


def registration_context(*, user, session: Session) -> dict:
    """What ``sessions_app/_session_registration.html`` needs besides ``session`` and ``programme``.

    The session page merges this into its context: ``registration`` (the viewer's, or None),
    ``seats_left`` (None: no limit), ``is_full`` and ``registration_closed`` (a reason, or "").
    """
    seats_left = None
    if session.capacity is not None:
        seats_left = max(session.capacity - confirmed_count(session), 0)
    return {
        "registration": registration_of(user=user, session=session),
        "seats_left": seats_left,
        "is_full": seats_left == 0,
        "registration_closed": registration_closed_reason(session),
    }


def my_registrations(user) -> list[Registration]:
    """The person's registrations that are not cancelled, soonest first, with waitlist positions and
    the titles in the reader's language."""
    from sessions_app.selectors.translations import hand_over_registration_texts, with_registration_texts

    return hand_over_registration_texts(
        with_registration_texts(Registration.objects.filter(user=user))
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("session__programme")
        .annotate(waitlist_position=_waitlist_position())
        .order_by("session__starts_at", "session__number")
    )


def upcoming_open_sessions(programme: Programme) -> list[Session]:
    """The programme's sessions that one can register for right now."""
    now = timezone.now()
    sessions = programme.sessions.filter(status=SessionStatus.SCHEDULED, starts_at__gt=now).order_by(
        "starts_at", "pk"
    )
    return [session for session in sessions if not registration_closed_reason(session, now=now)]


def _membership(field: str):
    """One field of the person's first membership (their organisation for the registrant list)."""
    memberships = Membership.objects.filter(user=OuterRef("user")).order_by("created_at", "pk")
    return Subquery(memberships.values(field)[:1])


def registrants_for_staff(session: Session) -> QuerySet[Registration]:
    """Every registration of the session (confirmed, then the waiting list in order, then cancelled),
    annotated with the person's organisation, its country and their role there."""
    return (
        Registration.objects.filter(session=session)
        .select_related("user")
        .annotate(
            organisation_name=_membership("organisation__name"),
            organisation_country=_membership("organisation__country"),
            membership_role=_membership("role"),
            status_rank=Case(
                When(status=RegistrationStatus.CONFIRMED, then=0),
                When(status=RegistrationStatus.WAITLISTED, then=1),
                default=2,
                output_field=IntegerField(),
            ),
        )
        .order_by("status_rank", "waitlisted_at", "created_at", "pk")
    )


def registrant_details(registration: Registration) -> Registration:
    """Fill in display values (country name, role label) on a row of ``registrants_for_staff``."""
    code = registration.organisation_country or str(registration.user.country or "")
    registration.country_code = code
    registration.country_name = countries.name(code) if code else ""
    registration.role_label = ROLE_LABELS.get(registration.membership_role, "")
    return registration


def registration_counts(session: Session) -> dict[str, int]:
    rows = Registration.objects.filter(session=session).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def calendar_feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user").filter(token=token).first()


# The personal feed loads only what it writes (services.calendars.session_event) and what
# can_view_programme reads before it needs more: (model, its path from a registration, attributes). A
# field read beyond these costs a query per place, which tests/sessions_app/test_calendar_feed.py counts.
FEED_COLUMNS = (
    (Registration, "", "id session_id user_id status"),
    (User, "user__", "id is_active is_superuser"),
    (Programme, "session__programme__", "id title slug status visibility organiser_id"),
    (
        Session,
        "session__",
        "id updated_at programme_id number title agenda starts_at duration_minutes meeting_url status"
        " ical_uid ical_sequence",
    ),
)
_ADDRESS = "\x00feed address"  # stands for the token while the query is compiled


@functools.cache
def _feed_columns() -> list[tuple[type, tuple[str, ...], tuple[str, ...]]]:
    """Per model of FEED_COLUMNS: its attribute names in field order (as ``Model.from_db`` takes them)
    and the lookups that select them."""
    columns = []
    for model, path, names in FEED_COLUMNS:
        fields = [field for field in model._meta.concrete_fields if field.attname in names.split()]
        columns.append((model, tuple(f.attname for f in fields), tuple(path + f.name for f in fields)))
    return columns


@functools.cache
def _compiled_feed_query(alias: str) -> tuple[str, tuple, list]:
    """The places query, compiled once per database with the converters of its columns (Django's own
    compiler steps, run once): calendar apps poll the feed all day, and compiling the query cost more
    than the database took to answer it."""
    lookups = [lookup for _model, _names, model_lookups in _feed_columns() for lookup in model_lookups]
    queryset = (
        Registration.objects.filter(user__calendar_feed__token=_ADDRESS, user__is_active=True)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("session__starts_at", "pk")
        .values_list(*lookups)
    )
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    return sql, params, list(converters.items())


def _feed_rows(token: str, alias: str) -> list[list]:
    connection = connections[alias]
    sql, params, converters = _compiled_feed_query(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [token if param == _ADDRESS else param for param in params])
        rows = [list(row) for row in cursor.fetchall()]
    for row in rows:
        for position, (functions, expression) in converters:
            for function in functions:
                row[position] = function(row[position], expression, connection)
    return rows


def _feed_places(token: str) -> list[Registration]:
    """The feed's places with their person, session and programme, soonest first: one query."""
    alias, shared, places = Registration.objects.db, {}, []
    for row in _feed_rows(token, alias):
        objects, start = {}, 0
        for model, names, _lookups in _feed_columns():
            values = row[start : start + len(names)]
            start += len(names)
            # One object per person and per programme, so that what the predicates fetch or cache is shared.
            key = (model, values[0])
            if key not in shared:
                shared[key] = model.from_db(alias, names, values)
            objects[model] = shared[key]
        place, session = objects[Registration], objects[Session]
        place.user, place.session, session.programme = objects[User], session, objects[Programme]
        places.append(place)
    return places


def personal_feed(token: str) -> tuple[User, list[Registration]] | None:
    """The person behind a secret feed address and their places (confirmed or waitlisted) in sessions
    of programmes they may still see, soonest first; None for an unknown address or an inactive person.

    One query for the places with their person, session and programme (a second one only when there
    are none, to tell an empty feed from an unknown address). Visibility is ``can_view_programme`` row
    by row (a members-only programme drops out when the person leaves their organisation): when a
    programme is not open to everyone, one more query answers the membership predicates it asks, and
    the hosts it walks are fetched only for someone who manages programmes at all.
    """
    places = _feed_places(token)
    if not places:
        feed = calendar_feed_by_token(token)
        return (feed.user, []) if feed is not None and feed.user.is_active else None
    user = places[0].user
    programmes = {place.session.programme_id: place.session.programme for place in places}
    restricted = [programme for programme in programmes.values() if not is_open_to_everyone(programme)]
    if restricted:
        answer_membership_predicates(user)
        if can_manage_some_programme(user):
            _with_hosts_where_needed(restricted, user)
    return user, [place for place in places if can_view_programme(user, place.session.programme)]


def programme_feed_sessions(programme: Programme) -> QuerySet[Session]:
    return programme.sessions.select_related("programme").order_by("starts_at", "number")
