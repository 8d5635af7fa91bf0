"""The test suite: fast hashing, tasks executed in-process unless a test starts a real worker."""

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
