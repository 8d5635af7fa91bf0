"""The floors' trivial view: no template, no query of its own (signed in, the middleware loads the user)."""

from django.http import HttpRequest, HttpResponse


def trivial(request: HttpRequest) -> HttpResponse:
    user = getattr(request, "user", None)
    return HttpResponse(b"signed in" if user is not None and user.is_authenticated else b"ok")
