from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from members.selectors import federations_by_country
from portal import page_cache
from sessions_app.selectors.programmes import featured_programme, upcoming_sessions

UPCOMING = 5


@require_safe
@page_cache.whole_page_for_visitors("home")
def home(request: HttpRequest) -> HttpResponse:
    upcoming = upcoming_sessions(request.user, limit=UPCOMING)
    context = {
        "federations": _federations_section(staff=request.user.is_staff),
        "upcoming": upcoming,
        "programme": featured_programme(request.user, upcoming),
    }
    response = render(request, "sessions_app/home.html", context)
    # A visitor's cached page changes without any write when its first session ends and drops out.
    response.page_cache_until = min((session.ends_at for session in upcoming), default=None)
    return response


def _federations_section(*, staff: bool) -> SafeString:
    """The federations taking part, the same for every reader (in their language): rendered once until an
    organisation or membership changes, for signed-in readers too (at a hundred federations it was
    half the cost of their home page)."""

    def render_section():
        context = {"countries": federations_by_country(), "staff": staff}
        return render_to_string("sessions_app/_home_federations.html", context), None

    # render_to_string's SafeString comes back from the cache as one (pickled with its class).
    return page_cache.cached_html("home-federations", (staff,), render_section)
