"""The benchmark's environment: its own database and Redis db, a throw-away folder, production settings.

Every process of a run (this one, gunicorn, the Celery worker) gets the same variables, so they share
the database, the Redis db and the secret key (sessions made here are valid in the servers).
"""

import os
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_DB = 13  # the benchmark's own Redis db (cache and broker); never the machine's db 0
SETTINGS = "bench.settings"


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def postgres_url(database: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


@dataclass
class BenchEnvironment:
    database: str
    folder: Path
    secret_key: str
    redis_url: str
    variables: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, *, database: str, redis_db: int = REDIS_DB) -> "BenchEnvironment":
        if not database.startswith(("portal_bench", "bench_")):
            raise SystemExit(
                f"refusing to use database {database!r}: bench databases start with portal_bench"
            )
        folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        bench = cls(
            database=database,
            folder=folder,
            secret_key=secrets.token_urlsafe(48),
            redis_url=f"redis://127.0.0.1:6379/{redis_db}",
        )
        bench.variables = {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": bench.secret_key,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": postgres_url(database),
            "REDIS_URL": bench.redis_url,
            "PORTAL_SITE_URL": "http://127.0.0.1:8000",
            "PORTAL_VAR_DIR": str(folder / "var"),
            "PORTAL_OUTBOX_DIR": str(folder / "outbox"),
            "BENCH_STATIC_ROOT": str(folder / "static"),
        }
        os.environ.pop("EMAIL_URL", None)  # e-mails go to the outbox folder, never to a real server
        os.environ.update(bench.variables)
        return bench

    def process_env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, **self.variables, **extra}

    def recreate_database(self) -> None:
        """Drop and create the bench database (nobody else's: the name is checked in ``create``)."""
        with psycopg.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
        ) as db:
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            db.execute(f'DROP DATABASE IF EXISTS "{self.database}"')
            db.execute(f'CREATE DATABASE "{self.database}"')
        say(f"database {self.database}: created")

    def drop_database(self) -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
        ) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def flush_redis(self) -> None:
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()

    @staticmethod
    def setup_django() -> None:
        import django

        django.setup()

    @staticmethod
    def migrate() -> None:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        say("migrated")

    @staticmethod
    def collectstatic() -> None:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        say("static files collected")

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def check_tools() -> list[str]:
    """What is missing to run the benchmark (empty when all is there)."""
    tools = {"wrk": "wrk", "taskset": "util-linux"}
    missing = [
        f"{tool} (apt-get install {package})" for tool, package in tools.items() if not shutil.which(tool)
    ]
    try:
        with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", connect_timeout=3):
            pass
    except psycopg.OperationalError as error:
        missing.append(f"PostgreSQL at {PG_HOST}:{PG_PORT} ({str(error).strip().splitlines()[0]})")
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        missing.append(f"Redis at 127.0.0.1:6379 ({error})")
    return missing
