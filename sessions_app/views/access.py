"""The programme a staff page acts on: 404 when the reader may not see it, 403 when they may not manage it."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sessions_app import selectors
from sessions_app.models import Programme
from sessions_app.permissions import can_manage_programme


def managed_programme(request: HttpRequest, slug: str) -> Programme:
    programme = selectors.programme_for_page(slug, request.user)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    return programme
