"""The whole chain with real parts: a task enqueued through Redis, run by a real Celery worker process."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app
from portal.models import WorkerHeartbeat
from portal.tasks import heartbeat

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.redis_worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (a real Redis broker)"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs DATABASE_URL=postgres://... (the worker process must share the test database)",
    ),
]


def worker_database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path, monkeypatch):
    """A real `celery worker` process on a private queue, stopped after the test."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_ENV": "local",
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "DATABASE_URL": worker_database_url(),
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=INFO", "-n", f"{queue}@%h", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    yield queue
    process.terminate()
    process.wait(timeout=30)
    log.close()


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_task_sent_through_redis_is_run_by_a_real_worker(worker, tmp_path):
    heartbeat.apply_async(kwargs={"worker": "through-redis"}, queue=worker)

    ran = wait_for(lambda: WorkerHeartbeat.objects.filter(worker="through-redis").exists())

    assert ran, (tmp_path / "worker.log").read_text()
    assert WorkerHeartbeat.objects.get(worker="through-redis").beats == 1
