"""Reminder rows: armed when a place is confirmed, re-armed when a session moves, disarmed on cancel.

Sending is in ``sessions_app.services.reminder_sending``: a beat task sweeps due rows and claims
each one with a conditional update, so each reminder goes out exactly once.
"""

from datetime import timedelta

from django.db import transaction

from sessions_app.enums import DeliveryState, RegistrationStatus
from sessions_app.models import Registration, Reminder, Session


def _offsets(session: Session) -> list[int]:
    return sorted({int(minutes) for minutes in session.programme.reminder_offsets or [] if int(minutes) > 0})


@transaction.atomic
def reminders_arm(*, registration: Registration) -> list[Reminder]:
    """Create (or re-date) the pending reminders of a confirmed registration, one per programme offset.

    Reminders already sent stay sent. Nothing is armed for people who opted out of reminders, for
    unconfirmed registrations or for sessions that are not scheduled.
    """
    session = registration.session
    if (
        registration.status != RegistrationStatus.CONFIRMED
        or session.status != "scheduled"
        or not registration.user.notify_session_reminders
    ):
        reminders_disarm(registration=registration)
        return []
    armed = []
    for minutes in _offsets(session):
        due_at = session.starts_at - timedelta(minutes=minutes)
        reminder, created = Reminder.objects.get_or_create(
            registration=registration, offset_minutes=minutes, defaults={"due_at": due_at}
        )
        if not created and reminder.state != DeliveryState.SENT and reminder.due_at != due_at:
            Reminder.objects.filter(pk=reminder.pk).exclude(state=DeliveryState.SENT).update(
                due_at=due_at, state=DeliveryState.PENDING, claimed_at=None
            )
        armed.append(reminder)
    return armed


@transaction.atomic
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
