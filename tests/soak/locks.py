"""Holding a row lock from the test, so that a request or a task is provably in flight, and finding the
server's backends that wait for it."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

WAITING_FOR_A_LOCK = """
    SELECT pid, application_name FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
"""


def lock_waiters() -> dict[int, str]:
    """The backends of this database waiting for a lock (a request or a task, blocked): pid -> the
    name of the process (the stack names each process's connections)."""
    with connection.cursor() as cursor:
        cursor.execute(WAITING_FOR_A_LOCK)
        return dict(cursor.fetchall())


def terminate_backends(pids: list[int]) -> None:
    """What a PostgreSQL failover, restart or idle-connection reaper does to a connection."""
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def backends_of(process: str) -> list[int]:
    """The pids of the connections a process of the stack holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
            [process],
        )
        return [pid for (pid,) in cursor.fetchall()]


@contextmanager
def row_locked(model, pk: int) -> Iterator[None]:
    """``SELECT ... FOR UPDATE`` on one row, from a connection of its own, until the block ends."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                model.objects.select_for_update().get(pk=pk)
                locked.set()
                release.wait(timeout=120)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(timeout=10)
    try:
        yield
    finally:
        release.set()
        holder.join(timeout=30)
