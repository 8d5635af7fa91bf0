"""Production: every secret required, HTTPS everywhere, static files hashed and served by WhiteNoise."""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import env

PORTAL_ENV = "production"
DEBUG = False
SECRET_KEY = env.required("DJANGO_SECRET_KEY", "in production (50+ random characters)")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise env.ConfigError("DJANGO_SECRET_KEY is too short or too simple (50+ random characters)")
ALLOWED_HOSTS = env.csv(
    "DJANGO_ALLOWED_HOSTS", env.required("DJANGO_ALLOWED_HOSTS", "in production (comma-separated)")
)
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
PORTAL_SITE_URL = env.required("PORTAL_SITE_URL", "in production (e.g. https://portal.example.org)").rstrip(
    "/"
)

SECURE_SSL_REDIRECT = env.flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.integer("DJANGO_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
