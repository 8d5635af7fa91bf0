"""Writes owned by the portal core: the worker heartbeat and the outbox cleanup."""

import socket
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.models import WorkerHeartbeat
from portal.outbox import outbox_dir


def heartbeat_record(*, worker: str | None = None) -> WorkerHeartbeat:
    """Upsert this worker's heartbeat row. Safe to run twice: it only moves ``last_seen`` forward."""
    name = worker or socket.gethostname()
    now = timezone.now()
    with transaction.atomic():
        beat, created = WorkerHeartbeat.objects.get_or_create(
            worker=name, defaults={"last_seen": now, "beats": 1}
        )
        if not created:
            WorkerHeartbeat.objects.filter(pk=beat.pk).update(last_seen=now, beats=F("beats") + 1)
            beat.refresh_from_db()
    return beat


def outbox_cleanup(*, keep_days: int) -> int:
    """Delete outbox files older than ``keep_days``; returns how many went. Idempotent."""
    folder = outbox_dir()
    if not folder.is_dir():
        return 0
    cutoff = (timezone.now() - timedelta(days=keep_days)).timestamp()
    removed = 0
    for path in folder.glob("*.eml"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
