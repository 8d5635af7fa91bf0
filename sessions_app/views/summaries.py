"""A session's summary (staff write and publish it) and feedback (registrants give it, staff read it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sessions_app.forms.summaries import FeedbackForm, SummaryForm
from sessions_app.models import Feedback, Session, Summary
from sessions_app.permissions import can_manage_programme, can_view_programme
from sessions_app.selectors.translations import with_session_text
from sessions_app.services import feedback as feedback_services
from sessions_app.services import summaries as summary_services


def _session(request: HttpRequest, slug: str, number: int) -> Session:
    """The session if its programme is visible to the reader, else 404 (its existence does not leak)."""
    session = get_object_or_404(
        with_session_text(Session.objects.all(), programme=False)
        .select_related("programme__organiser__parent__parent")
        .prefetch_related("programme__co_hosts__parent__parent"),
        programme__slug=slug,
        number=number,
    )
    if not can_view_programme(request.user, session.programme):
        raise Http404
    return session


def _managed_session(request: HttpRequest, slug: str, number: int) -> Session:
    session = _session(request, slug, number)
    if not can_manage_programme(request.user, session.programme):
        raise PermissionDenied
    return session


@login_required
def summary_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    summary = Summary.objects.filter(session=session).first()
    form = SummaryForm(request.POST or None, instance=summary, session=session)
    if request.method == "POST" and form.is_valid():
        summary_services.summary_save(
            session=session,
            body=form.cleaned_data["body"],
            takeaways=form.cleaned_data["takeaways"],
            practices=form.cleaned_data["practices"],
            recording_url=form.cleaned_data["recording_url"],
            by=request.user,
        )
        if summary is not None and summary.published_at:
            messages.success(request, _("Summary saved and shown at once; nobody is e-mailed again."))
        else:
            messages.success(request, _("Summary saved. Publish it to show it and e-mail the registrants."))
        return redirect("sessions_app:summary_edit", slug=slug, number=number)
    context = {"session": session, "programme": session.programme, "summary": summary, "form": form}
    return render(request, "sessions_app/summary_form.html", context)


@login_required
@require_POST
def summary_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    summary = Summary.objects.filter(session=session).first()
    if summary is None:
        messages.error(request, _("Write the summary before publishing it."))
        return redirect("sessions_app:summary_edit", slug=slug, number=number)
    was_published = summary.published_at is not None
    try:
        added = summary_services.summary_publish(summary=summary, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("sessions_app:summary_edit", slug=slug, number=number)
    if was_published and not added:
        messages.info(request, _("The summary was already published; everyone registered has been e-mailed."))
    else:
        messages.success(
            request,
            ngettext(
                "Summary published; it is being e-mailed to %(count)d person.",
                "Summary published; it is being e-mailed to %(count)d people.",
                added,
            )
            % {"count": added},
        )
    return redirect(session.get_absolute_url())


@login_required
def feedback_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _session(request, slug, number)
    if feedback_services.feedback_registration(user=request.user, session=session) is None:
        raise PermissionDenied
    existing = Feedback.objects.filter(session=session, user=request.user).first()
    context = {"session": session, "programme": session.programme, "existing": existing}
    if session.starts_at > timezone.now():
        return render(request, "sessions_app/feedback_form.html", {**context, "too_early": True})
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        _feedback, created = feedback_services.feedback_submit(
            session=session,
            user=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
        if created:
            messages.success(request, _("Thank you for your feedback."))
        else:
            messages.success(request, _("Your feedback was updated: only your latest answer counts."))
        return redirect(session.get_absolute_url())
    return render(request, "sessions_app/feedback_form.html", {**context, "form": form})


@login_required
def feedback_results(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    results = feedback_services.feedback_results(session=session)
    context = {"session": session, "programme": session.programme, "results": results}
    return render(request, "sessions_app/feedback_results.html", context)
