"""A federation's needs dashboard and its CSV export (assessments.permissions.can_view_needs_dashboard).

Anonymous visitors sign in; an unknown slug, or an organisation that is no federation, is a 404; a
federation whose dashboard the person may not see is a 403 (federations are public in the directory).
"""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessments.permissions import can_view_needs_dashboard
from assessments.selectors.dashboard import DIMENSIONS, Cell, NeedsDashboard
from assessments.selectors.dashboard import needs_dashboard as select_needs_dashboard
from members.enums import OrganisationKind
from members.models import Organisation
from sessions_app.charts import bar_chart


def _federation(request: HttpRequest, slug: str) -> Organisation:
    federation = Organisation.objects.select_related("parent__parent").filter(slug=slug).first()
    if federation is None or federation.kind not in (
        OrganisationKind.FEDERATION,
        OrganisationKind.CONFEDERATION,
    ):
        raise Http404
    if not can_view_needs_dashboard(request.user, federation):
        raise PermissionDenied
    return federation


def _charts(dashboard: NeedsDashboard) -> dict:
    """Bars for the values that may be shown; the tables beside them are the text alternative."""
    by_dimension = [
        (str(dimension.label), round(cell.value))
        for dimension, cell in zip(DIMENSIONS, dashboard.total.scores, strict=True)
        if cell.value is not None
    ]
    trend = [
        (point.label, round(point.overall.value))
        for point in dashboard.trend
        if point.overall.value is not None
    ]

    def describe(rows):
        return "; ".join(f"{label}: {value}" for label, value in rows)

    return {
        "dimension_chart": bar_chart(
            by_dimension,
            title=_("Average score by dimension (0-100)"),
            description=describe(by_dimension),
            chart_id="needs-dimensions",
        ),
        "trend_chart": bar_chart(
            trend,
            title=_("Average overall score by quarter (0-100)"),
            description=describe(trend),
            chart_id="needs-trend",
        ),
    }


@login_required
@require_safe
def needs_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    dashboard = select_needs_dashboard(_federation(request, slug))
    context = {
        "dashboard": dashboard,
        "federation": dashboard.federation,
        "dimensions": DIMENSIONS,
        **_charts(dashboard),
    }
    return render(request, "assessments/needs_dashboard.html", context)


def _text(value) -> str:
    if isinstance(value, Cell):
        value = value.value
    return _("fewer than 5") if value is None else str(value)


@login_required
@require_safe
def needs_csv(request: HttpRequest, slug: str) -> HttpResponse:
    dashboard = select_needs_dashboard(_federation(request, slug))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="needs-{dashboard.federation.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Group"),
            _("Cooperatives assessed"),
            _("Overall"),
            *[str(dimension.label) for dimension in DIMENSIONS],
        ]
    )
    writer.writerow([_("Member cooperatives"), _text(dashboard.members), "", *[""] * len(DIMENSIONS)])
    for row in [dashboard.total, *dashboard.countries]:
        writer.writerow(
            [row.label, _text(row.cooperatives), _text(row.overall), *[_text(cell) for cell in row.scores]]
        )
    for point in dashboard.trend:
        writer.writerow(
            [point.label, _text(point.cooperatives), _text(point.overall), *[""] * len(DIMENSIONS)]
        )
    return response
