"""Settings shared by every environment. Values that vary come from ``env``."""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.conf.locale import LANG_INFO
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.settings import env

BASE_DIR = env.BASE_DIR
VAR_DIR = Path(env.text("PORTAL_VAR_DIR") or BASE_DIR / "var")
# The embedded defaults (SQLite file, filesystem broker, outbox) all live under var/.
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.text("DJANGO_SECRET_KEY", "local-development-only-not-a-secret")
DEBUG = env.flag("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.csv("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env.csv("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "portal",
    "members",
    "practices",
    "sessions_app",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.fragment_cache.VisitorFragmentMiddleware",  # before sessions: see the module
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "portal.middleware.ReaderTimezoneMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.database(VAR_DIR / "portal.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.redis_url()
if REDIS_URL:
    # While Redis is down the cache answers as no cache (portal/cache.py): no page fails because of it.
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login name; rate limits are allauth's defaults, made explicit. The adapter
# brings invited newcomers back to their invitation (see members/adapter.py).
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.text("DJANGO_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mutual Learning] "
# Changing the e-mail address or the password asks for the password (or a second factor) again when
# the last sign-in is older than five minutes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Two-factor authentication (allauth.mfa): an authenticator app, with recovery codes as the fallback.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mutual Learning Portal"
# People see the browsers they signed in on (allauth.usersessions, recorded at sign-in) and can sign the
# others out.
USERSESSIONS_TRACK_ACTIVITY = False  # True would write a row on every signed-in request
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}

LANGUAGE_CODE = "en"
# The languages of the seed's member countries (Italy, Finland, Sweden, Romania, Poland, Bulgaria,
# Malta) and English, the programme's working language.
LANGUAGES = [
    ("en", _("English")),
    ("it", _("Italian")),
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("ro", _("Romanian")),
    ("pl", _("Polish")),
    ("bg", _("Bulgarian")),
    ("mt", _("Maltese")),
]
# locale/ is ours (make messages); locale_vendor/ holds Maltese for the Django, allauth and
# django-countries strings people see, which those projects do not ship.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
# Django knows no Maltese; tell it the language's names so the switcher and get_language_info work.
LANG_INFO["mt"] = {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"}
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Development and tests serve static files straight from the source folders; production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: a folder of .eml files by default, readable at /dev/outbox/ in DEBUG.
EMAIL_OUTBOX_DIR = Path(env.text("PORTAL_OUTBOX_DIR") or VAR_DIR / "outbox")
MAILERS = {
    "default": env.smtp(env.text("EMAIL_URL"))
    if env.text("EMAIL_URL")
    else {"BACKEND": "portal.mail.OutboxEmailBackend"}
}
DEFAULT_FROM_EMAIL = env.text("DJANGO_DEFAULT_FROM_EMAIL", "Mutual Learning Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_KEEP_DAYS = env.integer("PORTAL_OUTBOX_KEEP_DAYS", 30)

# Content-Security-Policy (Django's own middleware): no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport (no server needed).
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A broker that cannot be reached is given up on quickly: enqueueing never holds a request for long.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
else:
    CELERY_BROKER_URL = "filesystem://"
    for _folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # Exchange tables; kombu's default is ./control in whatever directory the process started in.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Keep the worker's database connection between tasks (Celery closes it per task otherwise). Celery's
# Django fixup reads this very name (``app.conf["CELERY_DB_REUSE_MAX"]``); a ``CELERY_WORKER_...`` spelling
# is silently ignored.
CELERY_DB_REUSE_MAX = 1000
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Every periodic job, in one place.
CELERY_BEAT_SCHEDULE = {
    "portal-heartbeat": {
        "task": "portal.heartbeat",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 50},
    },
    # Tasks the broker could not take when their transaction committed (it was down).
    "portal-deferred-tasks": {
        "task": "portal.deferred_tasks_sweep",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 50},
    },
    "portal-outbox-cleanup": {
        "task": "portal.outbox_cleanup",
        "schedule": crontab(minute=17, hour=3),
    },
    # Exactly-once e-mails are rows claimed by these sweeps; a sweep that waited too long is dropped
    # (the next one, a minute later, does the same work).
    "sessions-send-due-reminders": {
        "task": "sessions_app.send_due_reminders",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 50},
    },
    "sessions-send-summary-deliveries": {
        "task": "sessions_app.send_summary_deliveries",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 50},
    },
    # Registration e-mails the broker could not take when they were written (it was down).
    "sessions-send-registration-emails": {
        "task": "sessions_app.send_registration_emails",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 50},
    },
    "assessments-send-due-checkins": {
        "task": "assessments.send_due_checkins",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 50},
    },
}
# A reminder or summary e-mail claimed ("sending") but not sent after this many seconds (its worker died,
# its task was lost) is claimed again by the next sweep.
REMINDER_CLAIM_TIMEOUT = env.integer("PORTAL_REMINDER_CLAIM_TIMEOUT", 300)
# Months after a follow-up commitment at which its check-in e-mails go out.
ASSESSMENT_CHECKIN_MONTHS = env.integers("PORTAL_CHECKIN_MONTHS", "3,6")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("DJANGO_LOG_LEVEL", "INFO")},
}

PORTAL_ENV = env.environment()
# The portal's public address, for links in e-mails sent by workers (which have no request).
PORTAL_SITE_URL = env.text("PORTAL_SITE_URL", "http://localhost:8000").rstrip("/")
