"""F0, the bare floor: Django with no application and no middleware, one trivial view (same Python,
same production settings otherwise)."""

from bench.settings import *  # noqa: F403

INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "bench.floor_urls"
