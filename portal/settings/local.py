"""Development on a laptop: embedded defaults, DEBUG on, the outbox page available."""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import env

DEBUG = env.flag("DJANGO_DEBUG", default=True)
PORTAL_ENV = "local"
