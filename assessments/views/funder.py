"""The funder pack of a programme: one printable page, and the same indicators as CSV and JSON.

Programme staff only (sessions_app.permissions.can_manage_programme): anonymous visitors sign in, a
programme the person may not see is a 404, one they may see but not manage a 403.
"""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessments.selectors.funder import FunderPack
from assessments.selectors.funder import funder_pack as select_funder_pack
from sessions_app.permissions import can_manage_programme
from sessions_app.selectors.programmes import programme_for_page


def _pack(request: HttpRequest, slug: str) -> FunderPack:
    programme = programme_for_page(slug, request.user)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    return select_funder_pack(programme)


@login_required
@require_safe
def funder_pack(request: HttpRequest, slug: str) -> HttpResponse:
    pack = _pack(request, slug)
    return render(request, "assessments/funder_pack.html", {"pack": pack, "programme": pack.programme})


HIDDEN_WHEN_FEW = {"cooperatives_compared", "average_change_in_overall_score"}


def _cell(name: str, value) -> str:
    if value is None:
        return _("fewer than 5") if name in HIDDEN_WHEN_FEW else ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


@login_required
@require_safe
def funder_pack_csv(request: HttpRequest, slug: str) -> HttpResponse:
    pack = _pack(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="funder-pack-{pack.programme.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(["indicator", "value"])
    for name, value in pack.indicators().items():
        writer.writerow([name, _cell(name, value)])
    return response


@login_required
@require_safe
def funder_pack_json(request: HttpRequest, slug: str) -> HttpResponse:
    pack = _pack(request, slug)
    response = JsonResponse(pack.indicators(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="funder-pack-{pack.programme.slug}.json"'
    return response
