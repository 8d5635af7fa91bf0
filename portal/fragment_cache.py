"""A visitor's htmx fragment of a cached page (the catalogue's results as they type), answered near the
top of the middleware stack.

With no session cookie the reader is a visitor with no message waiting, and a fragment without a form
holds nothing of its reader but their language and time zone: sessions, CSRF, authentication, messages
and the view have nothing to add, so a stored fragment is answered before any of them run. It is
stored with the headers the middleware below this one added (Vary, Content-Language, X-Frame-Options),
so a stored answer is the answer a render gives; the middleware above (security headers, the CSP) runs
on both. Which views take part (``whole_page_for_visitors(..., fragments=True)``), and the cache
version that forgets their fragments, is what that decorator marks on the view.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django_htmx.middleware import HtmxDetails

from portal import page_cache
from portal.cache_versions import CacheVersion
from portal.middleware import browser_zone


class VisitorFragmentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        slot = _slot(request)
        if slot is None:
            return self.get_response(request)
        version, key = slot
        current, stored = version.read(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        _store_fragment(version, key, current, response)
        return response


def _slot(request: HttpRequest) -> tuple[CacheVersion, str] | None:
    """The cache version and key of this request's fragment, if it is a visitor's fragment of a view
    that takes part; None sends the request down the stack as usual."""
    htmx, cookies = HtmxDetails(request), request.COOKIES
    if (
        request.method != "GET"
        or not htmx
        or htmx.history_restore_request  # htmx then wants the whole page
        or settings.SESSION_COOKIE_NAME in cookies  # maybe signed in, maybe a message in the session
        or CookieStorage.cookie_name in cookies  # a message waiting
    ):
        return None
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    takes_part = getattr(view, "visitor_fragments", None)
    if takes_part is None:
        return None
    request.get_host()  # as CommonMiddleware would: a host not in ALLOWED_HOSTS is a 400, not a hit
    name, version = takes_part
    zone = browser_zone(request)
    # The language as LocaleMiddleware will choose it for a visitor (no i18n_patterns here).
    parts = (request.get_full_path(), translation.get_language_from_request(request), zone and zone.key)
    return version, page_cache.cache_key("fragment", name, parts)


def _store_fragment(version: CacheVersion, key: str, current: int, response: HttpResponse) -> None:
    # Any get_token() sets the CSRF cookie on the answer: one holding a reader's token is never kept.
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    until = getattr(response, "page_cache_until", None)
    version.store(key, current, (response.content, list(response.headers.items())), page_cache.timeout(until))
