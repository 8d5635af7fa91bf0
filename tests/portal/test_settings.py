"""Configuration comes from the environment; bad configuration fails fast with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL has scheme 'mysql'"),
        ({"DATABASE_URL": "postgres://user@localhost:5432/"}, "DATABASE_URL names no database"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL must start with redis://"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG='maybe' is not a boolean"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV='staging'"),
        ({"PORTAL_CHECKIN_MONTHS": "3,six"}, "PORTAL_CHECKIN_MONTHS='3,six' must be whole numbers"),
        ({"DJANGO_ENV": "production"}, "DJANGO_SECRET_KEY is required in production"),
        (
            {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "short"},
            "DJANGO_SECRET_KEY is too short",
        ),
        (
            {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": GOOD_SECRET},
            "DJANGO_ALLOWED_HOSTS is required in production",
        ),
        (
            {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": GOOD_SECRET, "DJANGO_ALLOWED_HOSTS": "x.org"},
            "PORTAL_SITE_URL is required in production",
        ),
    ],
    ids=[
        "db-scheme",
        "db-no-name",
        "redis-scheme",
        "bad-bool",
        "bad-env",
        "bad-months",
        "no-secret",
        "weak-secret",
        "no-hosts",
        "no-site-url",
    ],
)
def test_bad_configuration_fails_fast_with_one_line(env, expected):
    result = manage("check", **env)

    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("configuration error: ")
    assert expected in lines[0]


def test_production_check_deploy_has_no_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        PORTAL_SITE_URL="https://portal.example.org",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_demo_data():
    result = manage(
        "load_demo",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        PORTAL_SITE_URL="https://portal.example.org",
        DATABASE_URL="sqlite:///:memory:",
    )

    assert result.returncode == 1
    assert "refused in production" in result.stderr


def test_database_url_selects_postgresql(monkeypatch):
    from portal.settings import env

    monkeypatch.setenv("DATABASE_URL", "postgres://portal@127.0.0.1:5432/portal_db")
    config = env.database(Path("unused.sqlite3"))

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "portal_db"
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"]["options"] == "-c random_page_cost=1.1"  # the GIN index for broad searches


def test_no_environment_means_sqlite_file(monkeypatch):
    from portal.settings import env

    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database(Path("var/x.sqlite3"))

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == Path("var/x.sqlite3")


def test_email_url_configures_smtp():
    from portal.settings import env

    config = env.smtp("smtps://mailer:s3cret@mail.example.org")

    assert config["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["OPTIONS"]["host"] == "mail.example.org"
    assert config["OPTIONS"]["port"] == 465
    assert config["OPTIONS"]["use_ssl"] is True
    assert config["OPTIONS"]["password"] == "s3cret"
