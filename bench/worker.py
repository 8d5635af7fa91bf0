"""The work part: a real Celery worker (concurrency 2, through Redis) sends the reminders that fell due
at once into the outbox folder; T0, the same worker running no-op tasks, is its floor.

T0: the worker stops consuming, N no-op tasks are queued, the worker starts consuming again and the
clock runs until the last task (marked) records its end. Reminders: the due rows are made pending again,
one sweep task is queued (as beat would), and the clock runs until the last reminder is sent (its
``sent_at``), or until a time window closes (then the rate is of the reminders sent within it, so
that a slow worker does not make the benchmark last for ever). Each repetition runs both, one after the
other, after a few reminders have warmed the worker up.
"""

import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.servers import ROOT, children, cpus, rss_mb

QUEUE = "celery"


@dataclass
class Worker:
    env: dict[str, str]
    log: Path
    name: str = "bench"
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def node(self) -> str:
        return f"{self.name}@{socket.gethostname()}"

    def start(self) -> None:
        server_cpu, _ = cpus()
        command = [
            *server_cpu, sys.executable, "-m", "celery", "-A", "portal", "worker", "-I", "bench.tasks",
            "--concurrency", "2", "--pool", "prefork", "-n", self.node, "-Q", QUEUE,
            "--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel", "WARNING",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            command, cwd=ROOT, env=self.env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, app, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited: {self.log.read_text()[-2000:]}")
            if app.control.ping(destination=[self.node], timeout=1):
                return
        raise RuntimeError(f"the worker did not answer in {timeout:.0f} s: {self.log.read_text()[-2000:]}")

    def rss(self) -> dict[str, object]:
        pool = [round(rss_mb(pid), 1) for pid in children(self.process.pid)]
        return {"main_mb": round(rss_mb(self.process.pid), 1), "pool_mb": pool}

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait(predicate, timeout: float, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def noop_rate(app, worker: Worker, count: int) -> dict:
    """T0: ``count`` no-op tasks queued while the worker does not consume, then consumed."""
    from django.core.cache import cache

    from bench.tasks import DONE_KEY

    app.control.cancel_consumer(QUEUE, destination=[worker.node], reply=True, timeout=5)
    cache.delete(DONE_KEY)
    with app.producer_or_acquire() as producer:
        for number in range(count):
            app.send_task("bench.noop", kwargs={"last": number == count - 1}, producer=producer)
    started = time.time()
    app.control.add_consumer(QUEUE, destination=[worker.node], reply=True, timeout=5)
    ended = _wait(lambda: cache.get(DONE_KEY), timeout=max(60, count / 50))
    if ended is None:
        raise RuntimeError(f"the no-op tasks did not finish: {worker.log.read_text()[-2000:]}")
    return {"tasks": count, "seconds": ended - started, "per_second": count / (ended - started)}


def due_reminders():
    from django.utils import timezone

    from sessions_app.models import Reminder

    return Reminder.objects.filter(due_at__lte=timezone.now())


def _sweep(app, worker: Worker, reminders, count: int, *, window: float | None = None) -> tuple[float, int]:
    """Queue one sweep (as beat does) and wait until ``count`` of ``reminders`` are sent or cancelled.

    Returns when the last one was sent (epoch seconds) and how many were finished by then. With a
    ``window`` (seconds), the clock stops when it closes if not all are sent by then: what was sent
    within it counts, and the rest is cleared away (the sweep left to finish claiming, the queue purged).
    """
    from datetime import UTC, datetime

    from django.db.models import Max

    from sessions_app.enums import DeliveryState

    started = time.time()
    app.send_task("sessions_app.send_due_reminders")
    finished = reminders.filter(state__in=[DeliveryState.SENT, DeliveryState.CANCELLED])
    if _wait(lambda: finished.count() >= count, timeout=window or max(120, count / 10), step=0.25):
        return reminders.aggregate(last=Max("sent_at"))["last"].timestamp(), count
    if window is None:
        raise RuntimeError(f"{count - finished.count()} reminders not sent: {worker.log.read_text()[-2000:]}")
    closed = started + window
    counted = finished.filter(sent_at__lte=datetime.fromtimestamp(closed, tz=UTC)).count()
    _wait(lambda: not reminders.filter(state=DeliveryState.PENDING).exists(), timeout=600, step=0.5)
    time.sleep(1)  # the sweep's last batch is queued just after its claim
    app.control.purge()
    time.sleep(2)  # the tasks the worker already took
    return closed, counted


def reminder_warmup(app, worker: Worker, count: int = 200) -> None:
    """A first few reminders through the worker, not measured: each pool process loads its templates,
    translations and URL resolvers (one per language) once."""
    from sessions_app.enums import DeliveryState

    first = list(due_reminders().order_by("pk").values_list("pk", flat=True)[:count])
    due_reminders().exclude(pk__in=first).update(state=DeliveryState.SENT)  # out of the sweep's way
    _sweep(app, worker, due_reminders().filter(pk__in=first), len(first))


def reminder_rate(app, worker: Worker, outbox: Path, *, window: float) -> dict:
    """Every due reminder made pending again, one sweep queued, until the last one is sent (or the
    window closes: then the rate is of those sent within it)."""
    from sessions_app.enums import DeliveryState

    count = due_reminders().update(state=DeliveryState.PENDING, claimed_at=None, sent_at=None)
    for message in outbox.glob("*.eml"):
        message.unlink()
    started = time.time()
    ended, finished = _sweep(app, worker, due_reminders(), count, window=window)
    return {
        "reminders": count,
        "finished": finished,
        "complete": finished == count,
        "sent": due_reminders().filter(state=DeliveryState.SENT).count(),
        "outbox_files": len(list(outbox.glob("*.eml"))),
        "seconds": ended - started,
        "per_second": finished / (ended - started),
    }
