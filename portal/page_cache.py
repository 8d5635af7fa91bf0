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
    return cached_part(name, parts, render)[0]


def cached_part(
    name: str, parts: object, render: Callable[[], tuple[str, datetime | None]]
) -> tuple[str, datetime | None]:
    """As ``cached_html``, with the moment the HTML stops holding: for a whole page kept around it."""
    part_key = cache_key(
        "pages", name, (translation.get_language(), timezone.get_current_timezone_name(), parts)
    )
    version, stored = VERSION.read(part_key)
    if stored is None:
        stored = render()
        VERSION.store(part_key, version, stored, timeout(stored[1]))
    return stored


def cache_key(family: str, name: str, parts: tuple) -> str:
    return f"{family}:{name}:{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"


def timeout(until: datetime | None) -> int:
    """The hour, or less if the content changes without a write before then (``until``)."""
    if until is None:
        return TIMEOUT
    return max(0, min(TIMEOUT, int((until - timezone.now()).total_seconds())))


# Whole pages for visitors ---------------------------------------------------------------------------

TOKEN_IN_PAGE = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"')  # base.html's hx-headers


def whole_page_for_visitors(name: str, version: CacheVersion = VERSION, *, fragments: bool = False):
    """For a visitor (not signed in, a plain GET, no message waiting) the view's whole page comes from
    the cache, keyed by ``version``, the full path, language and time zone, with the visitor's own CSRF
    token put in: the page is stored as the bytes around the token of whoever it was rendered for. With
    ``fragments=True`` (a view answering htmx with a part holding no token, and saying so with
    ``vary_on_headers("HX-Request")``) a visitor's htmx answer is kept by ``portal.fragment_cache``,
    before the rest of the middleware runs. A view may set ``response.page_cache_until`` (a datetime)
    when its page changes without a write, or should be kept less than the hour. Anyone else, and any
    answer but a 200 without cookies, goes through the view as usual."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if getattr(request, "htmx", False) or not _for_visitor(request):
                return view(request, *args, **kwargs)
            page_key = cache_key(
                "whole",
                name,
                (request.get_full_path(), translation.get_language(), timezone.get_current_timezone_name()),
            )
            current, stored = version.read(page_key)
            if stored is not None:
                pieces, content_type = stored
                # Bytes as stored: no decoding, no search for the placeholder, no encoding per request.
                content = get_token(request).encode().join(pieces) if len(pieces) > 1 else pieces[0]
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            _store_page(version, page_key, current, response)
            return response

        if fragments:
            wrapped.visitor_fragments = (name, version)  # read by portal.fragment_cache; kept by @wraps
        return wrapped

    return decorator


def _for_visitor(request: HttpRequest) -> bool:
    return request.method == "GET" and not request.user.is_authenticated and not len(get_messages(request))


def _store_page(version: CacheVersion, key: str, current: int, response: HttpResponse) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    token = TOKEN_IN_PAGE.search(response.content.decode(response.charset))
    if token is None:  # not a page of base.html: nothing tells where the reader's token is
        return
    pieces = response.content.split(token.group(1).encode())
    until = getattr(response, "page_cache_until", None)
    version.store(key, current, (pieces, response["Content-Type"]), timeout(until))
