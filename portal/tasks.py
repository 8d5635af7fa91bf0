from celery import shared_task
from django.conf import settings

from portal import deferred_tasks, services
from portal.cache import CacheUnreachable
from portal.cache_versions import CacheVersion


@shared_task(name="portal.heartbeat")
def heartbeat(*, worker: str | None = None) -> None:
    services.heartbeat_record(worker=worker)


@shared_task(name="portal.outbox_cleanup")
def outbox_cleanup() -> None:
    services.outbox_cleanup(keep_days=settings.OUTBOX_KEEP_DAYS)


@shared_task(name="portal.deferred_tasks_sweep")
def deferred_tasks_sweep() -> int:
    return deferred_tasks.deferred_tasks_sweep()


@shared_task(
    name="portal.cache_version_bump",
    acks_late=True,
    autoretry_for=(CacheUnreachable,),
    retry_backoff=5,
    retry_backoff_max=60,
    max_retries=None,  # until the cache is back: the bump must not be lost
)
def cache_version_bump(*, key: str) -> None:
    """A bump owed since the cache could not be reached (``CacheVersion.bump``)."""
    CacheVersion(key).bump(later_if_unreachable=False)
