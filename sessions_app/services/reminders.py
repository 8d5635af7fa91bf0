"""Reminder rows: armed when a place is confirmed, re-armed when a session moves, disarmed on cancel.

Sending is in ``sessions_app.services.reminder_sending``: a beat task sweeps due rows and claims
them with a conditional update, so each reminder goes out exactly once.

These functions run inside the caller's transaction when there is one (the registration services hold
the session lock): ``savepoint=False``, so arming a place costs no savepoint round trips.
"""

from datetime import timedelta

from django.db import transaction

from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
from sessions_app.models import Registration, Reminder, Session


def _offsets(session: Session) -> list[int]:
    return sorted({int(minutes) for minutes in session.programme.reminder_offsets or [] if int(minutes) > 0})


@transaction.atomic(savepoint=False)
def reminders_arm(*, registration: Registration, new: bool = False) -> list[Reminder]:
    """Create (or re-date) the pending reminders of a confirmed registration, one per programme offset.

    ``new``: the registration row was inserted in this transaction, so it has no reminders yet (one
    bulk insert, no read). Reminders already sent stay sent; reminders cancelled earlier (the place was
    given up, then taken again) are pending again. Nothing is armed for people who opted out of
    reminders, for unconfirmed registrations or for sessions that are not scheduled.
    """
    session = registration.session
    if (
        registration.status != RegistrationStatus.CONFIRMED
        or session.status != SessionStatus.SCHEDULED
        or not registration.user.notify_session_reminders
    ):
        if not new:
            reminders_disarm(registration=registration)
        return []
    due = {minutes: session.starts_at - timedelta(minutes=minutes) for minutes in _offsets(session)}
    existing = (
        {} if new else {r.offset_minutes: r for r in Reminder.objects.filter(registration=registration)}
    )
    created = Reminder.objects.bulk_create(
        Reminder(registration=registration, offset_minutes=minutes, due_at=due_at)
        for minutes, due_at in due.items()
        if minutes not in existing
    )
    for minutes, reminder in existing.items():
        if minutes not in due or reminder.state == DeliveryState.SENT:
            continue
        if reminder.due_at != due[minutes] or reminder.state == DeliveryState.CANCELLED:
            Reminder.objects.filter(pk=reminder.pk).exclude(state=DeliveryState.SENT).update(
                due_at=due[minutes], state=DeliveryState.PENDING, claimed_at=None
            )
    return sorted([*created, *(r for m, r in existing.items() if m in due)], key=lambda r: r.offset_minutes)


@transaction.atomic(savepoint=False)
def reminders_disarm(*, registration: Registration) -> int:
    """Cancel the registration's reminders that have not gone out; returns how many."""
    return (
        Reminder.objects.filter(registration=registration)
        .exclude(state=DeliveryState.SENT)
        .update(state=DeliveryState.CANCELLED)
    )


@transaction.atomic
def session_reminders_rearm(*, session: Session, reset_sent: bool = False) -> None:
    """After a session moves: re-date every pending reminder; with ``reset_sent`` (the session moved to a
    new time) reminders already sent for the old time are armed again for the new one."""
    if reset_sent:
        Reminder.objects.filter(registration__session=session).delete()
    for registration in session.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "user", "session__programme"
    ):
        reminders_arm(registration=registration)
