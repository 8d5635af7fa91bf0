"""Session tasks: thin wrappers around the services. Schedules are in CELERY_BEAT_SCHEDULE (settings).

The send tasks are ``acks_late``: each is idempotent by its claim (a row still "sending" under the
same attempt), so a redelivered or duplicated message sends nothing a second time. Reminders go out a
claimed batch per task (``send_reminders``); ``send_reminder`` (one row) stays for messages queued by
the release before batches.
"""

from celery import shared_task

from sessions_app import tasks_registrations  # noqa: F401 - registers the registration e-mail task
from sessions_app.models import Registration
from sessions_app.services import notifications, reminder_sending, summaries


@shared_task(name="sessions_app.send_due_reminders")
def send_due_reminders() -> int:
    return reminder_sending.reminders_sweep()


@shared_task(name="sessions_app.send_reminders", acks_late=True)
def send_reminders(*, claims: list[list[int]]) -> int:
    """One claimed batch: ``claims`` are [reminder id, attempt] pairs (JSON has no tuples)."""
    return reminder_sending.reminders_send(claims=[(pk, attempt) for pk, attempt in claims])


@shared_task(name="sessions_app.send_reminder", acks_late=True)
def send_reminder(*, reminder_id: int, attempt: int) -> bool:
    return reminder_sending.reminder_send(reminder_id=reminder_id, attempt=attempt)


@shared_task(name="sessions_app.send_summary_deliveries")
def send_summary_deliveries() -> int:
    return summaries.summary_deliveries_sweep()


@shared_task(name="sessions_app.send_summary_delivery", acks_late=True)
def send_summary_delivery(*, delivery_id: int, attempt: int) -> bool:
    return summaries.summary_delivery_send(delivery_id=delivery_id, attempt=attempt)


@shared_task(name="sessions_app.send_session_notice")
def send_session_notice(*, registration_id: int, kind: str, stamp: str) -> bool:
    registration = (
        Registration.objects.select_related("user", "session__programme").filter(pk=registration_id).first()
    )
    if registration is None:
        return False
    return notifications.session_notice_send(registration=registration, kind=kind, stamp=stamp)
