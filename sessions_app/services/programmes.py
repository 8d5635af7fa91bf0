"""Writes to programmes, sessions and trends.

Calendar apps must see every change of a session's time, title, agenda, link or status: each such
change increases ``Session.ical_sequence`` (RFC 5545 SEQUENCE). Moving or cancelling a session that has
not ended tells its registrants (sessions_app.services.notifications) and re-arms their reminders.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from members.models import Organisation, User
from portal.page_cache import content_changed
from sessions_app.enums import (
    DeliveryState,
    ProgrammeStatus,
    RegistrationStatus,
    SessionStatus,
    SpeakerRole,
    Visibility,
)
from sessions_app.models import (
    Programme,
    Registration,
    Reminder,
    Session,
    SessionSpeaker,
    SessionTranslation,
    Trend,
)
from sessions_app.models.programmes import default_reminder_offsets
from sessions_app.services.reminders import session_reminders_rearm
from sessions_app.timezones import local_to_utc, utc_to_local

CALENDAR_FIELDS = frozenset(
    {"title", "agenda", "starts_at", "duration_minutes", "organiser_time_zone", "meeting_url", "status"}
)
SESSION_FIELDS = CALENDAR_FIELDS | {
    "number", "language", "capacity", "registration_opens_at", "registration_closes_at", "recording_url",
    "original_language",
}  # fmt: skip
PROGRAMME_FIELDS = frozenset(
    {
        "title", "slug", "theme", "description", "aims", "organiser", "status", "visibility",
        "reminder_offsets", "funding_acknowledgement", "original_language",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Speaker:
    """A facilitator or speaker as entered: a name (and organisation), or a person with an account."""

    name: str = ""
    organisation_name: str = ""
    role: str = SpeakerRole.SPEAKER
    user: User | None = None


def _unique_slug(title: str, model=Programme) -> str:
    base = slugify(title)[:100] or "programme"
    slug, counter = base, 1
    while model.objects.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


# --- Programmes ------------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    title: str,
    organiser: Organisation,
    co_hosts: Iterable[Organisation] = (),
    slug: str = "",
    theme: str = "",
    description: str = "",
    aims: str = "",
    status: str = ProgrammeStatus.DRAFT,
    visibility: str = Visibility.PUBLIC,
    reminder_offsets: Sequence[int] | None = None,
    funding_acknowledgement: str = "",
    original_language: str = "en",
    is_demo: bool = False,
) -> Programme:
    """Create a programme (a draft unless told otherwise). No side effects beyond its rows."""
    programme = Programme.objects.create(
        title=title,
        slug=slug or _unique_slug(title),
        organiser=organiser,
        theme=theme,
        description=description,
        aims=aims,
        status=status,
        visibility=visibility,
        reminder_offsets=list(reminder_offsets)
        if reminder_offsets is not None
        else default_reminder_offsets(),
        funding_acknowledgement=funding_acknowledgement,
        original_language=original_language,
        is_demo=is_demo,
    )
    programme.co_hosts.set([host for host in co_hosts if host.pk != organiser.pk])
    return programme


@transaction.atomic
def programme_update(
    *, programme: Programme, co_hosts: Iterable[Organisation] | None = None, **fields
) -> Programme:
    """Change a programme's fields (and co-hosts when given).

    Side effects: new reminder offsets re-arm the reminders of its upcoming sessions (pending ones at
    offsets no longer wanted are cancelled).
    """
    unknown = set(fields) - PROGRAMME_FIELDS
    if unknown:
        raise TypeError(f"programme_update() got unexpected fields: {sorted(unknown)}")
    changed = {name for name, value in fields.items() if getattr(programme, name) != value}
    for name in changed:
        setattr(programme, name, fields[name])
    if changed:
        programme.save()
    if co_hosts is not None:
        programme.co_hosts.set([host for host in co_hosts if host.pk != programme.organiser_id])
    if "reminder_offsets" in changed:
        programme_reminders_follow_offsets(programme=programme)
    return programme


def programme_reminders_follow_offsets(*, programme: Programme) -> None:
    """After the programme's reminder offsets changed (here or in the admin): pending reminders of its
    upcoming sessions at offsets no longer wanted are cancelled; the wanted ones are armed."""
    upcoming = programme.sessions.filter(status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now())
    Reminder.objects.filter(registration__session__in=upcoming, state=DeliveryState.PENDING).exclude(
        offset_minutes__in=programme.reminder_offsets or []
    ).update(state=DeliveryState.CANCELLED)
    for session in upcoming:
        session_reminders_rearm(session=session)


# --- Sessions --------------------------------------------------------------------------------------


def _next_number(programme: Programme) -> int:
    return (programme.sessions.aggregate(highest=Max("number"))["highest"] or 0) + 1


def _speakers_set(session: Session, speakers: Iterable[Speaker]) -> bool:
    """Replace the session's facilitators and speakers; True if anything changed."""
    wanted = [(s.user.pk if s.user else None, s.name, s.organisation_name, s.role) for s in speakers]
    current = list(
        session.speakers.order_by("pk").values_list("user_id", "name", "organisation_name", "role")
    )
    if wanted == current:
        return False
    session.speakers.all().delete()
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, user_id=user_id, name=name, organisation_name=org, role=role)
        for user_id, name, org, role in wanted
    )
    return True


@transaction.atomic
def session_create(
    *,
    programme: Programme,
    title: str,
    starts_at,
    organiser_time_zone: str,
    number: int | None = None,
    speakers: Iterable[Speaker] = (),
    practices: Iterable = (),
    **fields,
) -> Session:
    """Add a session to a programme (next number unless given). Locks the programme row to number it.
    Its text is in the programme's language unless ``original_language`` says otherwise."""
    unknown = set(fields) - SESSION_FIELDS - {"is_demo"}
    if unknown:
        raise TypeError(f"session_create() got unexpected fields: {sorted(unknown)}")
    fields.setdefault("original_language", programme.original_language)
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    session = Session.objects.create(
        programme=programme,
        number=number or _next_number(programme),
        title=title,
        starts_at=starts_at,
        organiser_time_zone=organiser_time_zone,
        **fields,
    )
    _speakers_set(session, speakers)
    session.practices.set(practices)
    return session


def _is_ahead(*moments) -> bool:
    now = timezone.now()
    return any(moment > now for moment in moments)


@transaction.atomic
def session_update(
    *,
    session: Session,
    speakers: Iterable[Speaker] | None = None,
    practices: Iterable | None = None,
    **fields,
) -> Session:
    """Change a session. Every change calendar apps must see increases ``ical_sequence``.

    Side effects, for a session that has not ended (at its old or new time):
    - start moved: registrants get an update e-mail and their reminders re-arm for the new time,
      including those already sent for the old time;
    - cancelled: registrants get a cancellation e-mail and pending reminders are cancelled;
    - reinstated (cancelled -> scheduled): reminders re-arm and registrants get the update e-mail.
    """
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"session_update() got unexpected fields: {sorted(unknown)}")
    old_start, old_status, old_capacity = session.starts_at, session.status, session.capacity
    changed = {name for name, value in fields.items() if getattr(session, name) != value}
    for name in changed:
        setattr(session, name, fields[name])
    speakers_changed = speakers is not None and _speakers_set(session, speakers)
    if changed & CALENDAR_FIELDS or speakers_changed:
        session.ical_sequence += 1
    if changed or speakers_changed:
        session.save()
    if practices is not None:
        session.practices.set(practices)
    if "capacity" in changed and _more_seats(old_capacity, session.capacity):
        from sessions_app.services.registrations import session_waitlist_fill

        session_waitlist_fill(session=session)  # people waiting take the new seats, and are told
    if _is_ahead(old_start + timedelta(minutes=session.duration_minutes), session.ends_at):
        _tell_registrants(session, moved="starts_at" in changed, old_status=old_status)
    return session


def _more_seats(old: int | None, new: int | None) -> bool:
    return old is not None and (new is None or new > old)


def _tell_registrants(session: Session, *, moved: bool, old_status: str) -> None:
    cancelled = session.status == SessionStatus.CANCELLED and old_status != SessionStatus.CANCELLED
    reinstated = session.status == SessionStatus.SCHEDULED and old_status == SessionStatus.CANCELLED
    if cancelled:
        from sessions_app.services.notifications import session_cancelled_notify  # reminders' module

        session_reminders_rearm(session=session)  # not scheduled any more: disarms pending reminders
        session_cancelled_notify(session=session)
    elif session.status == SessionStatus.SCHEDULED and (moved or reinstated):
        from sessions_app.services.notifications import session_rescheduled_notify  # reminders' module

        session_reminders_rearm(session=session, reset_sent=True)
        session_rescheduled_notify(session=session)


def session_cancel(*, session: Session) -> Session:
    """Cancel a session: see ``session_update`` for the e-mails and reminders."""
    return session_update(session=session, status=SessionStatus.CANCELLED)


def _one_week_later(moment, zone: str):
    """Same wall-clock time a week later in ``zone`` (a week across a DST change is not 168 hours)."""
    if moment is None:
        return None
    return local_to_utc(utc_to_local(moment, zone) + timedelta(days=7), zone)


@transaction.atomic
def session_duplicate(*, session: Session) -> Session:
    """A copy of the session a week later (same local time), with the next number and a new calendar UID.

    Copies the settings, the title and agenda's translations, and the facilitators and speakers; not the
    practices, recording or summary.
    """
    zone = session.organiser_time_zone
    copy_fields = ("agenda", "duration_minutes", "language", "capacity", "meeting_url", "original_language")
    copy = session_create(
        programme=session.programme,
        title=session.title,
        starts_at=_one_week_later(session.starts_at, zone),
        organiser_time_zone=zone,
        registration_opens_at=_one_week_later(session.registration_opens_at, zone),
        registration_closes_at=_one_week_later(session.registration_closes_at, zone),
        speakers=[
            Speaker(name=s.name, organisation_name=s.organisation_name, role=s.role, user=s.user)
            for s in session.speakers.select_related("user").order_by("pk")
        ],
        **{name: getattr(session, name) for name in copy_fields},
    )
    SessionTranslation.objects.bulk_create(
        SessionTranslation(session=copy, language=t.language, title=t.title, agenda=t.agenda)
        for t in session.translations.order_by("language")
    )  # the copy's own save already makes cached pages forget, after the commit
    return copy


# --- Trends and demo registrations -----------------------------------------------------------------


@transaction.atomic
def trend_ensure(
    *, programme: Programme, title: str, description: str = "", position: int = 0, sessions: Iterable = ()
) -> Trend:
    """Create or update the programme's trend called ``title``; idempotent."""
    trend, _ = Trend.objects.update_or_create(
        programme=programme, title=title, defaults={"description": description, "position": position}
    )
    trend.sessions.set(sessions)
    return trend


@transaction.atomic
def trend_save(
    *,
    programme: Programme,
    trend: Trend | None = None,
    title: str,
    description: str,
    sessions: Iterable[Session],
    position: int,
) -> Trend:
    """Add a trend to the programme, or change one of its own (staff's trends page)."""
    if trend is None:
        trend = Trend(programme=programme)
    elif trend.programme_id != programme.pk:
        raise ValueError("a trend of another programme")
    trend.title, trend.description, trend.position = title, description, position
    trend.save()
    trend.sessions.set([session for session in sessions if session.programme_id == programme.pk])
    return trend


@transaction.atomic
def trend_delete(*, trend: Trend) -> None:
    trend.delete()


@transaction.atomic
def demo_registrations_ensure(
    *, session: Session, users: Iterable[User], attended: bool | None = None
) -> int:
    """Confirmed places for demo people, written directly (no e-mail, no reminder); returns how many new.

    For demo data only: real registrations go through the registration service (capacity, waitlist).
    """
    existing = set(session.registrations.values_list("user_id", flat=True))
    new = [
        Registration(session=session, user=user, status=RegistrationStatus.CONFIRMED, attended=attended)
        for user in users
        if user.pk not in existing
    ]
    Registration.objects.bulk_create(new)
    content_changed()  # bulk_create sends no signals: the cached report counts them
    return len(new)
