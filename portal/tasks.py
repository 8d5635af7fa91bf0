from celery import shared_task
from django.conf import settings

from portal import deferred_tasks, services


@shared_task(name="portal.heartbeat")
def heartbeat(*, worker: str | None = None) -> None:
    services.heartbeat_record(worker=worker)


@shared_task(name="portal.outbox_cleanup")
def outbox_cleanup() -> None:
    services.outbox_cleanup(keep_days=settings.OUTBOX_KEEP_DAYS)


@shared_task(name="portal.deferred_tasks_sweep")
def deferred_tasks_sweep() -> int:
    return deferred_tasks.deferred_tasks_sweep()
