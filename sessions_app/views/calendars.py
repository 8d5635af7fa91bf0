"""Calendar files (RFC 5545): a session's .ics, a programme feed, and each person's secret feed.

The session and programme files follow the programme's visibility (404 when it is not visible). The
personal feed is public to whoever holds its secret address; resetting it makes a new address and the
old one answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.http import site_url
from sessions_app.permissions import can_view_programme, is_open_to_everyone
from sessions_app.selectors import registrations as selectors
from sessions_app.services import calendars as services

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _is_public(programme) -> bool:
    """Only a published public programme's calendar may sit in shared caches."""
    return is_open_to_everyone(programme)


def _ics(content: bytes, filename: str, *, attachment: bool, private: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    if private:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def session_ics(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = selectors.session_by_number(slug, number)
    if not can_view_programme(request.user, session.programme):
        raise Http404
    content = services.session_calendar(session, site_url=site_url(request))
    return _ics(content, f"{slug}-{number}.ics", attachment=True, private=not _is_public(session.programme))


@require_safe
def programme_ics(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_by_slug(slug)
    if not can_view_programme(request.user, programme):
        raise Http404
    sessions = selectors.programme_feed_sessions(programme)
    content = services.programme_calendar(programme, sessions, site_url=site_url(request))
    return _ics(content, f"{slug}.ics", attachment=False, private=not _is_public(programme))


@require_safe
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = selectors.personal_feed(token)
    if feed is None:
        raise Http404
    _user, registrations = feed
    content = services.personal_calendar(registrations, site_url=site_url(request))
    return _ics(content, "my-sessions.ics", attachment=False, private=True)


@login_required
@require_POST
def personal_feed_reset(request: HttpRequest) -> HttpResponse:
    had_one = selectors.calendar_feed_of(request.user) is not None
    services.calendar_feed_reset(user=request.user)
    if had_one:
        messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return redirect("sessions_app:my_sessions")
