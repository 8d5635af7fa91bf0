"""Rendered parts of shared pages (home, programme report), cached until what they show changes.

One version covers them all (``portal.cache_versions``): each app's ``ready()`` ``watch``es the models
its cached pages show, and writes that bypass model signals (``QuerySet.update``, ``bulk_create``) call
``content_changed()`` themselves. A page part's key also holds everything else its HTML depends on: the
reader's language and time zone, and whatever part the caller adds.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.db.models import Model
from django.utils import timezone, translation

from portal.cache_versions import CacheVersion

TIMEOUT = 3600
VERSION = CacheVersion("pages:version")


def content_changed() -> None:
    """Forget every cached page part, once the current transaction has committed."""
    VERSION.changed()


def watch(*models: type[Model]) -> None:
    VERSION.watch(*models)


def cached_html(name: str, parts: object, render: Callable[[], tuple[str, datetime | None]]) -> str:
    """The HTML ``render()`` returns for this page part, language, time zone and ``parts``, from the cache
    if it is there. ``render`` also says until when its HTML holds without any write (None: until one),
    e.g. when the first session it lists as upcoming ends."""
    key_parts = (translation.get_language(), timezone.get_current_timezone_name(), parts)
    key = f"pages:{name}:{hashlib.sha256(repr(key_parts).encode()).hexdigest()[:32]}"
    version, html = VERSION.read(key)
    if html is None:
        html, valid_until = render()
        timeout = TIMEOUT
        if valid_until is not None:
            timeout = max(0, min(TIMEOUT, int((valid_until - timezone.now()).total_seconds())))
        VERSION.store(key, version, html, timeout)
    return html
