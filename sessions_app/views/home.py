from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.selectors import federations_by_country
from sessions_app.selectors.programmes import featured_programme, upcoming_sessions

UPCOMING = 5


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    upcoming = upcoming_sessions(request.user, limit=UPCOMING)
    context = {
        "countries": federations_by_country(),
        "upcoming": upcoming,
        "programme": featured_programme(request.user, upcoming),
    }
    return render(request, "sessions_app/home.html", context)
