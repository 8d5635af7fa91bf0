"""The soak suite (``make soak``): the faults of issue 7 against real processes — gunicorn, Celery
workers and beat, a private redis-server, PostgreSQL. Collected only with PORTAL_SOAK=1; it needs
DATABASE_URL=postgres://... (the processes share the test database). Redis is started by each test on a
port of its own, so the machine's Redis is never touched, let alone stopped.
"""

import os

import pytest

SOAK = os.environ.get("PORTAL_SOAK") == "1"
if not SOAK:
    collect_ignore_glob = ["test_*.py"]  # a normal `pytest` run never starts these processes


def pytest_configure(config):
    if SOAK and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.exit(
            "make soak needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/soak make soak",
            returncode=4,
        )


@pytest.fixture
def stack(transactional_db, settings, tmp_path):
    """An empty Stack for this test (tests/soak/stack.py); the test starts what it needs. The test
    process's own Celery app publishes to the stack's Redis (as beat and the web server do)."""
    from kombu import pools

    from portal.celery import app as celery_app
    from tests.soak.stack import Stack, database_url_for_processes

    stack = Stack(folder=tmp_path, database_url=database_url_for_processes(), secret_key=settings.SECRET_KEY)
    saved = {
        name: celery_app.conf[name]
        for name in ("task_always_eager", "broker_url", "broker_transport_options")
    }
    celery_app.conf.update(
        task_always_eager=False,
        broker_url=stack.redis_url,
        broker_transport_options={"visibility_timeout": 3600, "socket_connect_timeout": 2},
    )
    celery_app._pool = celery_app.amqp._producer_pool = None  # pools for the new URL, created on use
    try:
        yield stack
    finally:
        stack.stop()
        pools.reset()  # close every connection to the stack's Redis
        celery_app.conf.update(saved)
        celery_app._pool = celery_app.amqp._producer_pool = None
