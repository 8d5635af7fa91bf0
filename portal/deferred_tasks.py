"""Queueing a task after commit without depending on the broker to answer.

``delay_on_commit`` raises from the commit when the broker is down: the data is saved, but the person
gets an error page and the e-mail is never sent. ``enqueue_on_commit`` keeps such a task as a
``DeferredTask`` row instead, and beat's sweep queues it once the broker is back. Only a process dying
between the commit and that row could still lose it. Tasks queued through here take keyword arguments
that JSON can hold (ids and strings), as every task here does.
"""

import logging
from functools import partial
from typing import Any

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

from portal.models import DeferredTask

logger = logging.getLogger(__name__)
SWEEP_BATCH = 500


def enqueue_on_commit(task, **kwargs: Any) -> None:
    """Queue ``task`` with ``kwargs`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(_enqueue_or_defer, task.name, kwargs))


def _enqueue_or_defer(name: str, kwargs: dict[str, Any]) -> None:
    try:
        current_app.tasks[name].apply_async(kwargs=kwargs)
    except BrokerUnavailable as error:
        logger.warning("task %s kept for the sweep, the broker is unavailable: %s", name, error)
        DeferredTask.objects.create(task=name, kwargs=kwargs)


def deferred_tasks_sweep() -> int:
    """Queue the deferred tasks, oldest first, until the broker refuses one; returns how many went.

    Each row is locked (skipped by a concurrent sweep) and deleted in the transaction that queued it.
    """
    queued = 0
    while True:
        with transaction.atomic():
            rows = list(DeferredTask.objects.select_for_update(skip_locked=True).order_by("pk")[:SWEEP_BATCH])
            for row in rows:
                try:
                    current_app.tasks[row.task].apply_async(kwargs=row.kwargs)
                except BrokerUnavailable:
                    return queued  # still down: the rest waits for the next sweep
                row.delete()
                queued += 1
        if len(rows) < SWEEP_BATCH:
            return queued
