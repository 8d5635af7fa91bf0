"""Registration: taking a seat, the ordered waiting list, cancelling, staff additions and attendance.

Seats are scarce, so every change that can take or free one runs inside one transaction that first
locks the session row (``select_for_update``), then re-counts, then writes; the unique constraint on
(session, user) backs it up. On PostgreSQL the lock wait is bounded (``lock_timeout``); a timeout
becomes a ``ValidationError`` with code ``busy`` ("please try again"), never an overbooking.

Each e-mail is a row (``RegistrationEmail``) written in the same transaction, so none is lost: after
commit a worker is asked to send it, and when the broker is down the request still succeeds and the
beat sweep sends it later, exactly once (the claim pattern of ``reminder_sending``). The sender checks
that the place is still what the e-mail says.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.message import MIMEPart
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import OperationalError, connection, transaction
from django.db.models import CharField, Count, Func, Max, Q, Value
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError as BrokerUnavailable

from members.models import User
from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
from sessions_app.models import Programme, Registration, RegistrationEmail, Session
from sessions_app.permissions import can_view_programme
from sessions_app.selectors.registrations import (
    registration_closed_reason,
    registration_of,
    upcoming_open_sessions,
)
from sessions_app.services.calendars import session_calendar
from sessions_app.services.notifications import TRANSLATIONS, titles
from sessions_app.services.reminder_sending import (
    claim_all,
    claimable,
    drop_claim,
    finish_claim,
    release_claim,
)
from sessions_app.services.reminders import reminders_arm, reminders_disarm

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = "5s"
# PostgreSQL: lock_not_available (lock_timeout) and deadlock_detected; SQLite: a busy database file.
LOCK_SQLSTATES = {"55P03", "40P01"}

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"


def _site_url(site_url: str) -> str:
    return (site_url or settings.PORTAL_SITE_URL).rstrip("/")


def _is_lock_timeout(error: OperationalError) -> bool:
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate in LOCK_SQLSTATES or "database is locked" in str(error)


@contextmanager
def _busy_means_try_again() -> Iterator[None]:
    """Turn a lock that could not be taken in time into a friendly, retryable refusal."""
    try:
        yield
    except OperationalError as error:
        if not _is_lock_timeout(error):
            raise
        raise ValidationError(
            _("Many people are registering right now. Please try again in a moment."), code="busy"
        ) from error


def _lock_session(session: Session) -> Session:
    """Lock the session row for the rest of the transaction and read it again, with its programme.

    On PostgreSQL the wait is bounded by ``lock_timeout``, set for this transaction by the locking
    statement itself: its WHERE clause is evaluated on the row before the lock on it is requested, so
    the bound holds for that wait and saves a round trip of its own.
    """
    locking = Session.objects.select_for_update(of=("self",)).select_related("programme")
    if connection.vendor == "postgresql":
        bound = Func(
            Value("lock_timeout"),
            Value(LOCK_TIMEOUT),
            Value(True),
            function="set_config",
            output_field=CharField(),
        )
        locking = locking.alias(lock_timeout=bound).filter(lock_timeout__isnull=False)  # always true
    return locking.get(pk=session.pk)


def _queue_email(registration: Registration, kind: str, site_url: str) -> None:
    """Write the e-mail as a row claimed by this transaction; after commit a worker is asked to send it."""
    email = RegistrationEmail.objects.create(
        registration=registration,
        kind=kind,
        site_url=_site_url(site_url),
        state=DeliveryState.SENDING,
        claimed_at=timezone.now(),
        attempts=1,
    )
    transaction.on_commit(partial(_hand_over, email.pk))


def _hand_over(email_id: int) -> None:
    """Queue the send task. A broker that is down does not fail the request: the row goes back to
    "pending" and the beat sweep (``registration_emails_sweep``) sends it once the broker is back."""
    from sessions_app.tasks_registrations import deliver_registration_email

    try:
        deliver_registration_email.delay(email_id=email_id, attempt=1)
    except BrokerUnavailable as error:
        logger.warning(
            "registration e-mail %s left to the sweep, the broker is unavailable: %s", email_id, error
        )
        release_claim(RegistrationEmail, pk=email_id, attempt=1)


def _confirm(registration: Registration, kind: str, site_url: str) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlisted_at = None
    registration.save()
    reminders_arm(registration=registration)
    _queue_email(registration, kind, site_url)


def _seat_counts(session: Session, user: User | None = None) -> tuple[int, int, int | None]:
    """(confirmed, waitlisted, the id of ``user``'s registration or None) in one query."""
    counts = Registration.objects.filter(session=session).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        own=Max("pk", filter=Q(user=user)),  # None without a user (user_id IS NULL matches no row)
    )
    return counts["confirmed"], counts["waiting"], counts["own"]


def _fill_free_seats(
    session: Session, site_url: str, counts: tuple[int, int] | None = None
) -> list[Registration]:
    """Promote waitlisted people, first come first served, into free seats. Caller holds the lock."""
    if session.status != SessionStatus.SCHEDULED or session.starts_at <= timezone.now():
        return []
    confirmed, waiting = counts or _seat_counts(session)[:2]
    free = waiting if session.capacity is None else min(max(session.capacity - confirmed, 0), waiting)
    if not free:
        return []
    queue = (
        Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
        .select_related("user")
        .order_by("waitlisted_at", "pk")
    )
    promoted = list(queue[:free])
    for registration in promoted:
        registration.session = session
        _confirm(registration, PROMOTED, site_url)
    return promoted


def _take_place(session: Session, user: User, *, check_window: bool, site_url: str) -> Registration:
    """Confirm or waitlist ``user`` (or return their place if they have one). Caller holds the lock.

    Counted after the lock is taken, so the counts are current. The unique constraint on (session,
    user) backs the lock: a second row would fail to insert.
    """
    confirmed, waiting, own = _seat_counts(session, user)
    registration = Registration.objects.get(pk=own) if own is not None else None
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        return registration
    if check_window or session.status == SessionStatus.CANCELLED:
        reason = registration_closed_reason(session)
        if reason:
            raise ValidationError(reason, code="closed")
    promoted = len(_fill_free_seats(session, site_url, (confirmed, waiting)))
    confirmed, waiting = confirmed + promoted, waiting - promoted
    new = registration is None
    registration = registration or Registration(session=session, user=user)
    registration.session, registration.user = session, user
    registration.cancelled_at, registration.attended = None, None
    has_seat = session.capacity is None or (confirmed < session.capacity and not waiting)
    if has_seat:
        registration.status, registration.waitlisted_at = RegistrationStatus.CONFIRMED, None
    else:
        registration.status, registration.waitlisted_at = RegistrationStatus.WAITLISTED, timezone.now()
    registration.save()
    if has_seat:
        reminders_arm(registration=registration, new=new)
    _queue_email(registration, CONFIRMED if has_seat else WAITLISTED, site_url)
    return registration


def registration_create(*, session: Session, user: User, site_url: str = "") -> Registration:
    """Register ``user`` for ``session``: a seat if one is free, else the end of the waiting list.

    Registering again returns the existing place (double clicks never make two); a cancelled
    registration is re-queued. Refused with ``ValidationError`` when the programme is not visible to
    the person (code ``not_visible``), when registration is closed (``closed``: not yet open, closed,
    session started or cancelled) or when the session lock could not be taken in time (``busy``).
    Side effects: locks the session row; arms reminders for a seat; queues the confirmation (with
    the .ics) or waiting-list e-mail after commit.
    """
    if not can_view_programme(user, session.programme):
        raise ValidationError(_("This programme is not open to you."), code="not_visible")
    with _busy_means_try_again(), transaction.atomic():
        locked = _lock_session(session)
        return _take_place(locked, user, check_window=True, site_url=site_url)


def registration_add(*, session: Session, user: User, by: User, site_url: str = "") -> Registration:
    """Staff add ``user`` to ``session`` (``by`` is checked by the view with ``can_manage_programme``).

    Same seats and waiting list as ``registration_create``, but staff may add people outside the
    registration window; a cancelled session still refuses. Side effects: as ``registration_create``.
    """
    with _busy_means_try_again(), transaction.atomic():
        locked = _lock_session(session)
        return _take_place(locked, user, check_window=False, site_url=site_url)


@transaction.atomic
def programme_register(*, programme: Programme, user: User, site_url: str = "") -> list[Registration]:
    """Register ``user`` for every upcoming session of ``programme`` that is open for registration.

    All or nothing: one refusal (not visible, busy) rolls every place back. Sessions are locked in
    start order, so two people registering for the whole programme cannot deadlock.
    Side effects: as ``registration_create``, once per session.
    """
    if not can_view_programme(user, programme):
        raise ValidationError(_("This programme is not open to you."), code="not_visible")
    registrations = []
    for session in upcoming_open_sessions(programme):
        session.programme = programme
        registrations.append(registration_create(session=session, user=user, site_url=site_url))
    return registrations


def _cancel(registration: Registration, *, by: User, staff: bool, site_url: str) -> Registration:
    with _busy_means_try_again(), transaction.atomic():
        session = _lock_session(registration.session)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=registration.pk)
        )
        registration.session = session
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        if not staff and session.starts_at <= timezone.now():
            raise ValidationError(_("This session has already started."), code="started")
        freed_a_seat = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save()
        reminders_disarm(registration=registration)
        if freed_a_seat:
            _fill_free_seats(session, site_url)
        return registration


def registration_cancel(*, registration: Registration, by: User, site_url: str = "") -> Registration:
    """The person gives up their seat or their place on the waiting list; cancelling twice is a no-op.

    A freed seat goes to the first person on the waiting list. Refused (code ``started``) once the
    session has started. Side effects: locks the session row; disarms the reminders; arms the promoted
    person's reminders and queues their "you have a seat" e-mail after commit.
    """
    return _cancel(registration, by=by, staff=False, site_url=site_url)


def registration_remove(*, registration: Registration, by: User, site_url: str = "") -> Registration:
    """Staff take a registrant off the session, at any time; otherwise as ``registration_cancel``."""
    return _cancel(registration, by=by, staff=True, site_url=site_url)


def session_waitlist_fill(*, session: Session, site_url: str = "") -> list[Registration]:
    """After seats were added (capacity raised), promote waitlisted people into them.

    Side effects: locks the session row; arms reminders and queues "you have a seat" e-mails.
    """
    with _busy_means_try_again(), transaction.atomic():
        return _fill_free_seats(_lock_session(session), site_url)


@transaction.atomic
def attendance_set(*, registration: Registration, attended: bool | None, by: User) -> Registration:
    """Staff mark whether the person came (None: not recorded). Refused for a cancelled registration;
    "came" only for a confirmed participant of a session that has started."""
    registration = (
        Registration.objects.select_related("session").select_for_update(of=("self",)).get(pk=registration.pk)
    )
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration was cancelled."), code="cancelled")
    # Came or not: only known for a confirmed place of a session that has started ("not recorded" always).
    if attended is not None and registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants can be marked as attended."), code="unconfirmed")
    if attended is not None and not registration.session.has_started:
        raise ValidationError(_("Attendance is recorded once the session has started."), code="not_started")
    if registration.attended != attended:
        registration.attended = attended
        registration.save(update_fields=["attended", "updated_at"])
    return registration


# --- E-mails (rows sent by sessions_app.deliver_registration_email, swept by send_registration_emails) --

EMAILS = {
    # kind: (template, subject, the status the registration must still have)
    CONFIRMED: (
        "sessions_app/email/registration_confirmed.txt",
        gettext_lazy("You are registered: %(session)s"),
        RegistrationStatus.CONFIRMED,
    ),
    WAITLISTED: (
        "sessions_app/email/registration_waitlisted.txt",
        gettext_lazy("You are on the waiting list: %(session)s"),
        RegistrationStatus.WAITLISTED,
    ),
    PROMOTED: (
        "sessions_app/email/waitlist_promoted.txt",
        gettext_lazy("You have a seat: %(session)s"),
        RegistrationStatus.CONFIRMED,
    ),
}


def _reader_zone(user: User, session: Session) -> ZoneInfo:
    for name in (user.time_zone, session.organiser_time_zone):
        try:
            return ZoneInfo(name)
        except (ValueError, OSError, ZoneInfoNotFoundError):
            continue
    return ZoneInfo(settings.TIME_ZONE)


def _ics_attachment(session: Session, registration: Registration, site_url: str) -> MIMEPart:
    part = MIMEPart()
    part.set_content(
        session_calendar(session, site_url=site_url, registration=registration).decode(),
        subtype="calendar",
        charset="utf-8",
        params={"method": "PUBLISH"},
        disposition="attachment",
        filename=f"{session.programme.slug}-{session.number}.ics",
    )
    return part


def registration_email_message(
    *, registration: Registration, kind: str, site_url: str
) -> EmailMessage | None:
    """The e-mail about the person's place, or None when the place has changed since it was queued (a
    confirmation for a registration cancelled meanwhile). A seat's e-mail carries the session's .ics
    (with the meeting link), as ``text/calendar; method=PUBLISH``, in the person's language and zone.
    """
    template, subject, status = EMAILS[kind]
    if registration.status != status:
        return None
    session, user = registration.session, registration.user
    position = None
    if status == RegistrationStatus.WAITLISTED:
        position = registration_of(user=user, session=session).waitlist_position
    context = {
        "registration": registration,
        "session": session,
        "programme": session.programme,
        "user": user,
        "position": position,
        "session_url": site_url.rstrip("/") + session.get_absolute_url(),
        "my_sessions_url": site_url.rstrip("/") + reverse("sessions_app:my_sessions"),
    }
    with translation.override(user.preferred_language), timezone.override(_reader_zone(user, session)):
        context["zone"] = timezone.get_current_timezone_name()
        context |= titles(session)
        body = render_to_string(template, context)
        subject_line = str(subject) % {"session": context["session_title"]}
    message = EmailMessage(subject_line, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    if status == RegistrationStatus.CONFIRMED:
        message.attach(_ics_attachment(session, registration, site_url))
    return message


def registration_email_deliver(*, email_id: int, attempt: int) -> bool:
    """Send one claimed registration e-mail, exactly once; returns whether this call sent it.

    Does nothing unless the row is still "sending" under ``attempt`` (a duplicate or outdated task); an
    e-mail whose place has changed is cancelled instead. Side effects: one e-mail; the row becomes
    "sent" in the same transaction.
    """
    email = (
        RegistrationEmail.objects.select_related("registration__user", "registration__session__programme")
        .prefetch_related(*TRANSLATIONS)
        .filter(pk=email_id, state=DeliveryState.SENDING, attempts=attempt)
        .first()
    )
    if email is None:
        return False
    message = registration_email_message(
        registration=email.registration, kind=email.kind, site_url=email.site_url
    )
    if message is None:
        drop_claim(RegistrationEmail, pk=email.pk, attempt=attempt)
        return False
    return finish_claim(RegistrationEmail, pk=email.pk, attempt=attempt, send=message.send)


def registration_emails_sweep(*, now: datetime | None = None) -> int:
    """Claim the registration e-mails that no worker holds (the broker was down at commit, or a claim
    timed out) and queue one send task each; returns how many.

    Side effects: updates the rows (claims commit batch by batch, before their tasks are queued).
    """
    from sessions_app.tasks_registrations import deliver_registration_email

    now = now or timezone.now()
    waiting = RegistrationEmail.objects.filter(claimable(now=now)).order_by("pk")
    return claim_all(
        waiting,
        now=now,
        enqueue=lambda pk, attempt: deliver_registration_email.delay(email_id=pk, attempt=attempt),
    )


def registration_email_send(*, registration: Registration, kind: str, site_url: str) -> bool:
    """Send the e-mail at once, without a row: only for tasks queued by a release before the rows."""
    message = registration_email_message(registration=registration, kind=kind, site_url=site_url)
    if message is None:
        return False
    message.send()
    return True
