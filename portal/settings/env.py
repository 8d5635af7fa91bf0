"""The one place that reads the environment.

Every setting that can change between machines comes from here, parsed and checked once. A bad value
stops the process with one clear line (``ConfigError``), never a traceback wall.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


class ConfigError(SystemExit):
    """A configuration mistake: printed as one line, exits with status 2."""

    def __init__(self, message: str) -> None:
        print(f"configuration error: {message}", file=sys.stderr)  # noqa: T201
        super().__init__(2)


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def flag(name: str, *, default: bool) -> bool:
    raw = text(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def integer(name: str, default: int) -> int:
    raw = text(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None


def csv(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in text(name, default).split(",") if item.strip()]


def required(name: str, why: str) -> str:
    value = text(name)
    if not value:
        raise ConfigError(f"{name} is required {why}")
    return value


def database(default_sqlite: Path) -> dict:
    """DATABASE_URL as a Django DATABASES entry; SQLite in the project folder when unset."""
    url = text("DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default_sqlite,
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            f"DATABASE_URL has scheme {scheme or '(none)'!r}; expected postgres://user@host:port/name "
            "or sqlite:///path"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL cannot be parsed ({exc})") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError("DATABASE_URL names no database (postgres://user@host:port/NAME)")
    if scheme != "sqlite":
        # Random reads cost little more than sequential ones on SSDs: with PostgreSQL's default (4) the
        # planner scanned all 20,000 practices for a broad search instead of using the GIN index.
        config.setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
    return config


def redis_url() -> str:
    url = text("REDIS_URL")
    if url and urlsplit(url).scheme not in {"redis", "rediss"}:
        raise ConfigError(f"REDIS_URL must start with redis:// or rediss://, got {url!r}")
    return url


def environment() -> str:
    value = text("DJANGO_ENV", "local").lower()
    if value not in {"local", "test", "production"}:
        raise ConfigError(f"DJANGO_ENV={value!r}; expected local, test or production")
    return value


def settings_module() -> str:
    """The settings module for DJANGO_ENV, unless DJANGO_SETTINGS_MODULE says otherwise."""
    return os.environ.get("DJANGO_SETTINGS_MODULE") or f"portal.settings.{environment()}"


def smtp(url: str) -> dict:
    """EMAIL_URL=smtp://user:password@host:587 (or smtps://...) as a Django MAILERS entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ConfigError("EMAIL_URL must look like smtp://user:password@host:587 or smtps://...")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": parts.port or (465 if parts.scheme == "smtps" else 587),
            "username": parts.username or "",
            "password": parts.password or "",
            "use_ssl": parts.scheme == "smtps",
            "use_tls": parts.scheme == "smtp",
            "timeout": 20,
        },
    }


def integers(name: str, default: str) -> list[int]:
    """A comma-separated list of whole numbers, e.g. PORTAL_CHECKIN_MONTHS=3,6."""
    values = csv(name, default)
    if not all(value.isdigit() for value in values):
        raise ConfigError(f"{name}={text(name)!r} must be whole numbers separated by commas, e.g. 3,6")
    return [int(value) for value in values]
