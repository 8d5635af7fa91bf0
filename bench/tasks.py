"""T0, the worker's floor: a task that does nothing. Registered only in the benchmark's worker
(``celery -A portal worker -I bench.tasks``), never in the portal's own."""

import time

from celery import shared_task
from django.core.cache import cache

DONE_KEY = "bench:noop:done"


@shared_task(name="bench.noop", ignore_result=True)
def noop(*, last: bool = False) -> None:
    if last:  # the one marked last records when the batch ended
        cache.set(DONE_KEY, time.time(), timeout=3600)
