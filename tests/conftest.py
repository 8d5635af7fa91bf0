import ipaddress
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX path
        return True
    host = address[0]
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _only_loopback_network(monkeypatch):
    """Fail any test that opens a network connection beyond this machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method):
        def connect(self, address):
            if not _is_loopback(address):
                pytest.fail(f"test tried to reach {address!r}: only loopback is allowed")
            return method(self, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))


@pytest.fixture(autouse=True)
def _outbox_in_tmp(settings, tmp_path):
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With PORTAL_FORBID_SKIPS=1 (CI's PostgreSQL run) a skipped test is a failure: nothing may hide."""
    report = yield
    if os.environ.get("PORTAL_FORBID_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped where nothing may be skipped: {report.longrepr}"
    return report


@pytest.fixture(autouse=True)
def _cache_of_its_own(settings):
    """Each test sees an empty cache, even on a shared Redis (a key prefix of its own, nothing flushed)."""
    default = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": uuid.uuid4().hex}}


@pytest.fixture
def broker(monkeypatch):
    """``with broker.down():`` every enqueue in the block is refused; outside it tasks run eagerly.

    The broker is the network boundary: a Redis URL on loopback port 9, where nothing listens, so every
    enqueue is refused at once, as when Redis is stopped.
    """
    from portal.celery import app as celery_app

    class Broker:
        @contextmanager
        def down(self) -> Iterator[None]:
            with monkeypatch.context() as patch:
                patch.setitem(celery_app.conf, "task_always_eager", False)
                patch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")
                patch.setitem(celery_app.conf, "broker_transport_options", {})
                # Connections are pooled per app: a pool for the dead URL (refused connections hold no
                # socket), and the app's own pool back afterwards.
                patch.setattr(celery_app, "_pool", None)
                patch.setattr(celery_app.amqp, "_producer_pool", None)
                yield

    return Broker()


class CeleryWorker(NamedTuple):
    queue: str  # the worker's private queue, also the app's default queue for the test
    outbox: Path  # where the worker's e-mails land, one .eml file each
    log: Path

    def wait_for(self, predicate, timeout: float = 60.0) -> bool:
        """Poll ``predicate`` until it is true (True) or ``timeout`` seconds have passed (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.2)
        return False


def _worker_database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path, monkeypatch):
    """A real `celery worker` process through Redis on a private queue, stopped after the test.

    Tasks enqueued without an explicit queue (``delay``, ``delay_on_commit``) go to that queue, and the
    worker writes its e-mails as .eml files into ``outbox``. The worker shares the test database, so it
    needs PostgreSQL (and a transactional test: it only sees committed rows).
    """
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (a real Redis broker)")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs DATABASE_URL=postgres://... (the worker process must share the test database)")
    from portal.celery import app as celery_app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = CeleryWorker(queue=queue, outbox=tmp_path / "worker-outbox", log=tmp_path / "worker.log")
    env = {
        **{name: value for name, value in os.environ.items() if name != "EMAIL_URL"},
        "DJANGO_ENV": "local",
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "DATABASE_URL": _worker_database_url(),
        "PORTAL_VAR_DIR": str(tmp_path),
        "PORTAL_OUTBOX_DIR": str(worker.outbox),
    }
    log = worker.log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=INFO", "-n", f"{queue}@%h", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    yield worker
    process.terminate()
    process.wait(timeout=30)
    log.close()
