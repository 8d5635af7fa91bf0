from functools import cache
from urllib.parse import unquote
from zoneinfo import ZoneInfo
from zoneinfo import available_timezones as _available

from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils import timezone


@cache
def available_timezones() -> frozenset[str]:
    return frozenset(_available())


class DatabaseUnavailableMiddleware:
    """A lost database connection becomes a friendly 503 page; the next request reconnects."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "30"
            return response
        return None


def _zone(name: str | None) -> ZoneInfo | None:
    if not name or name not in available_timezones():
        return None
    return ZoneInfo(name)


def browser_zone(request) -> ZoneInfo | None:
    """The zone the reader's browser reported, if it is a real one. The browser sets the cookie
    URL-encoded ("Europe%2FRome"): see static/js/portal.js."""
    return _zone(unquote(request.COOKIES.get("browser_tz", "")))


class ReaderTimezoneMiddleware:
    """Show times in the reader's zone: their profile's, else their browser's, else the default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        profile_zone = getattr(user, "time_zone", "") if user and user.is_authenticated else ""
        zone = _zone(profile_zone) or browser_zone(request)
        if zone:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
