"""Rendered parts of shared pages (home, programme report), cached until what they show changes.

One version covers them all (``portal.cache_versions``): each app's ``ready()`` ``watch``es the models
its cached pages show, and writes that bypass model signals (``QuerySet.update``, ``bulk_create``) call
``content_changed()`` themselves. A page part's key also holds everything else its HTML depends on: the
reader's language and time zone, and whatever part the caller adds.
"""

import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.contrib.messages import get_messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
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


# Whole pages for visitors ---------------------------------------------------------------------------

CSRF_PLACEHOLDER = "__csrf_token_for_this_reader__"
TOKEN_IN_PAGE = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"')  # base.html's hx-headers


def whole_page_for_visitors(name: str, version: CacheVersion = VERSION):
    """For a visitor (not signed in, a plain GET, no message waiting) the view's whole page comes from
    the cache, keyed by ``version``, the full path, language and time zone, with the visitor's own CSRF
    token put in: the page is stored with a placeholder where the token of whoever it was rendered for
    stood. A view may set ``response.page_cache_until`` (a datetime) when its page changes without a
    write. Anyone else, and any answer but a 200 without cookies, goes through the view as usual."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _for_visitor(request):
                return view(request, *args, **kwargs)
            key_parts = (
                request.get_full_path(),
                translation.get_language(),
                timezone.get_current_timezone_name(),
            )
            key = f"whole:{name}:{hashlib.sha256(repr(key_parts).encode()).hexdigest()[:32]}"
            current, stored = version.read(key)
            if stored is not None:
                html, content_type = stored
                return HttpResponse(
                    html.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type
                )
            response = view(request, *args, **kwargs)
            _keep(version, key, current, response)
            return response

        return wrapped

    return decorator


def _for_visitor(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not getattr(request, "htmx", False)
        and not len(get_messages(request))
    )


def _keep(version: CacheVersion, key: str, current: int, response: HttpResponse) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    html = response.content.decode(response.charset)
    token = TOKEN_IN_PAGE.search(html)
    if token is None:  # not a page of base.html: nothing tells where the reader's token is
        return
    timeout = TIMEOUT
    until = getattr(response, "page_cache_until", None)
    if until is not None:
        timeout = max(0, min(TIMEOUT, int((until - timezone.now()).total_seconds())))
    page = html.replace(token.group(1), CSRF_PLACEHOLDER)
    version.store(key, current, (page, response["Content-Type"]), timeout)
