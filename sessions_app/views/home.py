from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.selectors import federations_by_country


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "sessions_app/home.html", {"countries": federations_by_country()})
