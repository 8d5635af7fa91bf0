"""Reachability checks for /healthz: each returns (ok, detail) and never raises."""

import uuid
from datetime import timedelta

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from portal.celery import app as celery_app
from portal.models import WorkerHeartbeat


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, type(exc).__name__
    return True, connection.vendor


def check_cache() -> tuple[bool, str]:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache = caches["default"]
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:
        return False, type(exc).__name__
    return ok, caches["default"].__class__.__name__


def check_broker() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:
        return False, type(exc).__name__
    return True, str(transport)


def last_worker_heartbeat() -> dict:
    """Informational: when a worker last ran the heartbeat task (workers may legitimately be off)."""
    beat = WorkerHeartbeat.objects.order_by("-last_seen").first()
    if beat is None:
        return {"seen": False}
    age = timezone.now() - beat.last_seen
    return {
        "seen": True,
        "worker": beat.worker,
        "seconds_ago": int(age.total_seconds()),
        "recent": age < timedelta(minutes=3),
    }
