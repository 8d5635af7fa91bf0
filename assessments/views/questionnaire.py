"""The self-assessment: a cooperative's staff start it, answer it (saved as they go) and see the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.charts import radar_chart
from assessments.forms import AnswersForm
from assessments.permissions import can_take_assessment
from assessments.selectors.results import (
    assessment_to_take,
    assessment_to_view,
    cooperatives_for_home,
    result_for_page,
)
from assessments.services import assessments as services
from members.enums import OrganisationKind
from members.models import Organisation


@login_required
def assessment_home(request: HttpRequest) -> HttpResponse:
    context = {
        "cooperatives": cooperatives_for_home(request.user),
        "questionnaire": services.active_questionnaire(),
    }
    return render(request, "assessments/assessment_home.html", context)


@login_required
@require_POST
def assessment_start(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent__parent"), slug=slug, kind=OrganisationKind.COOPERATIVE
    )
    if not can_take_assessment(request.user, organisation):
        raise PermissionDenied
    try:
        assessment = services.assessment_start(organisation=organisation, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("assessments:assessment_home")
    return redirect("assessments:assessment_take", pk=assessment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_take(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_to_take(pk, request.user)
    if assessment.completed_at is not None:
        messages.info(request, _("This assessment is completed and can no longer be changed."))
        return redirect(assessment)
    form = AnswersForm(
        request.POST or None, questions=assessment.question_list, answers=assessment.answer_map
    )
    if request.method == "POST" and form.is_valid():
        return _save(request, assessment, form)
    return _page(request, assessment, form, answered=len(assessment.answer_map))


def _save(request: HttpRequest, assessment, form: AnswersForm) -> HttpResponse:
    chosen = form.chosen()
    try:
        services.answers_save(assessment=assessment, options=chosen)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(assessment)
    answered = set(assessment.answer_map) | set(chosen)
    if request.htmx:
        return _page(request, assessment, form, answered=len(answered), fragment="#progress")
    if "finish" not in request.POST:
        messages.success(
            request,
            _("Your answers are saved (%(answered)d of %(total)d). Come back to finish at any time.")
            % {"answered": len(answered), "total": len(assessment.question_list)},
        )
        return redirect("assessments:assessment_home")
    if not form.require_all(answered):
        return _page(request, assessment, form, answered=len(answered), status=422)
    try:
        services.assessment_complete(assessment=assessment)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(assessment)
    messages.success(request, _("Thank you: the assessment is complete."))
    return redirect(assessment)


def _page(request, assessment, form, *, answered: int, fragment: str = "", status: int = 200):
    context = {
        "assessment": assessment,
        "form": form,
        "answered": answered,
        "total": len(assessment.question_list),
    }
    return render(request, f"assessments/assessment_take.html{fragment}", context, status=status)


@login_required
def assessment_result(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_to_view(pk, request.user)
    if assessment.completed_at is None:
        return redirect("assessments:assessment_take", pk=assessment.pk)
    result = result_for_page(assessment, request.user)
    context = {
        "assessment": assessment,
        "result": result,
        "chart": radar_chart(result.rows, chart_id="radar-chart"),
        "may_take": can_take_assessment(request.user, assessment.organisation),
    }
    return render(request, "assessments/assessment_result.html", context)
