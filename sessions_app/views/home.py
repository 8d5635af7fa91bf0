from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from members.selectors import federations_by_country
from portal import page_cache
from sessions_app.selectors.programmes import featured_programme, upcoming_sessions

UPCOMING = 5
HOME = "sessions_app/home.html"


def _context(user) -> dict:
    upcoming = upcoming_sessions(user, limit=UPCOMING)
    return {
        "countries": federations_by_country(),
        "upcoming": upcoming,
        "programme": featured_programme(user, upcoming),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:  # what a member sees depends on their organisations
        return render(request, HOME, _context(request.user))

    def render_body() -> tuple[str, datetime | None]:
        context = _context(request.user)
        # The list changes without any write when its first session ends and drops out of "upcoming".
        ends = [session.ends_at for session in context["upcoming"]]
        return render_to_string(f"{HOME}#body", context, request=request), min(ends, default=None)

    return render(request, HOME, {"cached_body": page_cache.cached_html("home", "anonymous", render_body)})
