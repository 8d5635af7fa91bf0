"""Assessment tasks: thin wrappers around the services. Schedules are in CELERY_BEAT_SCHEDULE (settings).

``send_checkin`` is ``acks_late``: idempotent by its claim (a row still "sending" under the same
attempt), so a redelivered or duplicated message sends nothing a second time.
"""

from celery import shared_task

from assessments.services import checkins


@shared_task(name="assessments.send_due_checkins")
def send_due_checkins() -> int:
    return checkins.checkins_sweep()


@shared_task(name="assessments.send_checkin", acks_late=True)
def send_checkin(*, checkin_id: int, attempt: int) -> bool:
    return checkins.checkin_send(checkin_id=checkin_id, attempt=attempt)
