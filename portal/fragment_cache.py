"""A visitor's htmx fragment of a cached page (the catalogue's results as they type), answered near the
top of the middleware stack.

With no session cookie the reader is a visitor with no message waiting, and a fragment without a form
holds nothing of its reader but their language and time zone: sessions, CSRF, authentication, messages
and the view have nothing to add, so a stored fragment is answered before any of them run. It is
stored with the headers the middleware below this one added (Vary, Content-Language, X-Frame-Options),
so a stored answer is the answer a render gives; the middleware above (security headers, the CSP) runs
on both. Which views take part, and the cache version that forgets their fragments, is what
``page_cache.whole_page_for_visitors`` marks on the view.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

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
        _keep(version, key, current, response)
        return response


def _slot(request: HttpRequest) -> tuple[CacheVersion, str] | None:
    """The cache version and key of this request's fragment, if it is a visitor's fragment of a view
    that takes part; None sends the request down the stack as usual."""
    headers, cookies = request.headers, request.COOKIES
    if (
        request.method != "GET"
        or headers.get("HX-Request") != "true"
        or headers.get("HX-History-Restore-Request") == "true"  # htmx then wants the whole page
        or settings.SESSION_COOKIE_NAME in cookies  # maybe signed in, maybe a message in the session
        or CookieStorage.cookie_name in cookies  # a message waiting
    ):
        return None
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    takes_part = getattr(view, "visitor_cache", None)
    if takes_part is None:
        return None
    name, version = takes_part
    zone = browser_zone(request)
    # The language as LocaleMiddleware will choose it for a visitor (no i18n_patterns here).
    parts = (request.get_full_path(), translation.get_language_from_request(request), zone and zone.key)
    return version, page_cache.key("fragment", name, parts)


def _keep(version: CacheVersion, key: str, current: int, response: HttpResponse) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    content = response.content
    if b"csrfmiddlewaretoken" in content or b"X-CSRFToken" in content:
        return  # a form, or the whole page: it holds the reader's own token
    timeout = page_cache.timeout(getattr(response, "page_cache_until", None))
    version.store(key, current, (content, list(response.headers.items())), timeout)
