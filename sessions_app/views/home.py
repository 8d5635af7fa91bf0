from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.selectors import federations_by_country
from portal import page_cache
from sessions_app.selectors.programmes import featured_programme, upcoming_sessions

UPCOMING = 5


@require_GET
@page_cache.whole_page_for_visitors("home")
def home(request: HttpRequest) -> HttpResponse:
    upcoming = upcoming_sessions(request.user, limit=UPCOMING)
    context = {
        "countries": federations_by_country(),
        "upcoming": upcoming,
        "programme": featured_programme(request.user, upcoming),
    }
    response = render(request, "sessions_app/home.html", context)
    # A visitor's cached page changes without any write when its first session ends and drops out.
    response.page_cache_until = min((session.ends_at for session in upcoming), default=None)
    return response
