"""Follow-up commitments: the list, recording one after a session, answering a check-in.

Recording: staff of a member federation or cooperative (assessments.permissions.can_record_commitment);
anonymous visitors sign in; a session they may not see, cancelled or not yet started is a 404; a person
who manages no federation or cooperative gets a 403. The check-in answer page needs no sign-in: its
token, sent by e-mail to the person who recorded the commitment, is the credential.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments.forms_commitments import CheckInAnswerForm, CommitmentForm, committing_organisations
from assessments.models import CheckIn
from assessments.selectors.report_section import commitments_for_list, sessions_to_commit_after
from assessments.services import commitments as services
from practices.enums import PracticeStatus
from practices.models import Practice
from sessions_app.selectors.programmes import session_for_page


@login_required
@require_safe
def commitment_list(request: HttpRequest) -> HttpResponse:
    may_commit = committing_organisations(request.user).exists()
    context = {
        "commitments": commitments_for_list(request.user),
        "sessions": list(sessions_to_commit_after(request.user)) if may_commit else [],
        "may_commit": may_commit,
    }
    return render(request, "assessments/commitment_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = session_for_page(slug, number, request.user, with_registration=False)
    if not services.session_open_for_commitments(session):
        raise Http404
    organisations = committing_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    practices = Practice.objects.filter(sessions=session, status=PracticeStatus.PUBLISHED).order_by("title")
    form = CommitmentForm(request.POST or None, organisations=organisations, practices=practices)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_create(**form.cleaned_data, session=session, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Commitment recorded. We will ask how it went in a few months."))
            return redirect("assessments:commitment_list")
    context = {"form": form, "session": session, "programme": session.programme}
    return render(request, "assessments/commitment_form.html", context)


@require_http_methods(["GET", "POST"])
def checkin_answer(request: HttpRequest, token: str) -> HttpResponse:
    checkin = (
        CheckIn.objects.select_related(
            "commitment__organisation", "commitment__practice", "commitment__session"
        )
        .filter(token=token)
        .first()
    )
    if checkin is None:
        raise Http404
    commitment = checkin.commitment
    initial = {"status": commitment.status if commitment.status in services.ANSWERS else None}
    form = CheckInAnswerForm(request.POST or None, initial={**initial, "note": commitment.outcome})
    if request.method == "POST" and form.is_valid():
        services.checkin_answer(checkin=checkin, **form.cleaned_data)
        messages.success(request, _("Thank you: your answer is recorded. You can change it from this page."))
        return redirect(reverse("assessments:checkin_answer", args=[token]))
    return render(
        request,
        "assessments/checkin_answer.html",
        {"form": form, "checkin": checkin, "commitment": commitment},
    )
