"""The test suite: fast hashing, tasks executed in-process unless a test starts a real worker."""

from pathlib import Path

from portal.settings.base import *  # noqa: F403
from portal.settings.base import VAR_DIR

PORTAL_ENV = "test"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_OUTBOX_DIR = VAR_DIR / "test-outbox"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False  # tests that need a limit set their own

# SQLite: a test database in a file, not the default shared in-memory one. The browser tests' live server
# answers in threads, and in shared-cache memory a second writer fails at once ("table is locked")
# instead of waiting its turn as it does on a file (IMMEDIATE transactions, 20 s busy timeout).
# Named after the database, so that runs with different DATABASE_URLs (sqlite:////tmp/a.sqlite3) can
# go on side by side in one checkout.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _name = Path(DATABASES["default"]["NAME"])  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_name.with_name(f"test-{_name.stem}.sqlite3"))}  # noqa: F405
