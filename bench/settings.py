"""The benchmark's server settings: production's, plus what a loopback benchmark needs.

Everything production sets stays (DEBUG off, cached templates, persistent database connections with
health checks, Redis cache, hashed static files served by WhiteNoise); the additions are the trivial
floor view's URL, a static folder of the run's own, and ``BENCH_CACHE=dummy`` for the run without cache.
"""

from pathlib import Path

from portal.settings.production import *  # noqa: F403
from portal.settings.production import env

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = Path(env.required("BENCH_STATIC_ROOT", "by the benchmark (its collectstatic folder)"))

if env.text("BENCH_CACHE") == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
