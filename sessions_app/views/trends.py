"""Staff write a programme's common trends (what came out of its sessions) for its report.

Who may: as every staff page, sessions_app.permissions.can_manage_programme (see views.access).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from sessions_app.forms.trends import TrendForm
from sessions_app.models import Trend
from sessions_app.selectors.report import programme_trends
from sessions_app.services import programmes as services
from sessions_app.views.access import managed_programme

TEMPLATE = "sessions_app/programme_trends.html"


@login_required
@require_http_methods(["GET", "POST"])
def trend_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's trends in report order, and the form to add one."""
    programme = managed_programme(request, slug)
    form = TrendForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        services.trend_save(programme=programme, **form.service_arguments())
        messages.success(request, _("Trend added. It shows in the report."))
        return redirect("sessions_app:trend_list", slug=slug)
    context = {"programme": programme, "trends": programme_trends(programme), "form": form, "trend": None}
    return render(request, TEMPLATE, context)


@login_required
@require_http_methods(["GET", "POST"])
def trend_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = managed_programme(request, slug)
    trend = get_object_or_404(Trend.objects.prefetch_related("sessions"), pk=pk, programme=programme)
    form = TrendForm(request.POST or None, programme=programme, trend=trend)
    if request.method == "POST" and form.is_valid():
        services.trend_save(programme=programme, trend=trend, **form.service_arguments())
        messages.success(request, _("Trend saved."))
        return redirect("sessions_app:trend_list", slug=slug)
    return render(request, TEMPLATE, {"programme": programme, "trends": None, "form": form, "trend": trend})


@login_required
@require_POST
def trend_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = managed_programme(request, slug)
    trend = get_object_or_404(Trend, pk=pk, programme=programme)
    services.trend_delete(trend=trend)
    messages.success(request, _("Trend deleted."))
    if request.htmx:  # asked after a confirmation: the whole page again, with the message
        return HttpResponseClientRedirect(reverse("sessions_app:trend_list", args=[slug]))
    return redirect("sessions_app:trend_list", slug=slug)
