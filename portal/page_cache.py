"""Rendered parts of shared pages (home, programme report), cached until what they show changes.

One version number covers them all: it is bumped after the commit of any write to a model an app
``watch``es (its ``ready()`` names the models its cached pages show), so a change shows at once on the
next request. Writes that bypass model signals (``QuerySet.update``, ``bulk_create``) call
``content_changed()`` themselves. A page's key also holds everything else its HTML depends on: the
reader's language and time zone, and whatever part the caller adds.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from portal.cache_versions import CacheVersion

TIMEOUT = 3600
VERSION = CacheVersion("pages:version")


def content_changed(**_signal) -> None:
    """Forget every cached page part, once the current transaction has committed."""
    VERSION.bump_on_commit()


def watch(*models: type[Model]) -> None:
    """Every save or delete of these models (and changes of their many-to-many fields) bumps the version."""
    for model in models:
        uid = f"page_cache:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:
            through, field_uid = field.remote_field.through, f"{uid}.{field.name}"
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=field_uid, weak=False)


def cached_html(name: str, parts: object, render: Callable[[], tuple[str, datetime | None]]) -> str:
    """The HTML ``render()`` returns for this page part, language, time zone and ``parts``, from the cache
    if it is there. ``render`` also says until when its HTML holds without any write (None: until one),
    e.g. when the first session it lists as upcoming ends."""
    key_parts = (translation.get_language(), timezone.get_current_timezone_name(), parts)
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()[:32]
    key = f"pages:{name}:{VERSION.current()}:{digest}"
    html = cache.get(key)
    if html is None:
        html, valid_until = render()
        timeout = TIMEOUT
        if valid_until is not None:
            timeout = max(0, min(TIMEOUT, int((valid_until - timezone.now()).total_seconds())))
        cache.set(key, html, timeout)
    return html
