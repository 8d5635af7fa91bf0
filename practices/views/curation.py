"""Writing practices (the owner's staff) and reviewing them (curators, in the curator queue).

Anonymous visitors are sent to sign in; an unpublished practice the person may not see is 404; a page or
move they may not use is the 403 page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal.http import site_url
from practices.enums import PracticeStatus
from practices.forms.curation import PracticeForm, TransitionForm
from practices.models import Practice
from practices.permissions import is_curator
from practices.selectors import curation as selectors
from practices.services import curation as services

QUEUE_PAGE_SIZE = 50
DONE = {
    PracticeStatus.SUBMITTED: gettext_lazy("“%(title)s” was submitted for review."),
    PracticeStatus.IN_REVIEW: gettext_lazy("You are reviewing “%(title)s”."),
    PracticeStatus.CHANGES_REQUESTED: gettext_lazy("Changes were requested for “%(title)s”."),
    PracticeStatus.PUBLISHED: gettext_lazy("“%(title)s” is published."),
    PracticeStatus.ARCHIVED: gettext_lazy("“%(title)s” is archived."),
}


def next_url(request: HttpRequest, default: str) -> str:
    """Where a plain (non-htmx) form goes back to: its ``next`` field if it is ours, else ``default``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return default


def _submit_after_save(request: HttpRequest, practice: Practice) -> None:
    try:
        services.practice_transition(
            practice=practice, to_status=PracticeStatus.SUBMITTED, by=request.user, site_url=site_url(request)
        )
    except (PermissionDenied, ValidationError):
        messages.warning(request, _("Saved, but it could not be submitted for review now."))
    else:
        messages.success(request, DONE[PracticeStatus.SUBMITTED] % {"title": practice.title})


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    if not selectors.may_create_practices(request.user):
        raise PermissionDenied
    form = PracticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        practice = services.practice_create(
            by=request.user, fields=form.model_fields(), **form.classification()
        )
        if "submit_for_review" in request.POST:
            _submit_after_save(request, practice)
        else:
            messages.success(
                request,
                _("“%(title)s” is saved as a draft. Submit it for review when it is ready.")
                % {"title": practice.title},
            )
        return redirect(reverse("practices:my_practices"))
    return render(request, "practices/practice_form.html", {"form": form, "practice": None})


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = selectors.practice_visible_to(request.user, slug)
    if not services.practice_editable_by(request.user, practice):
        messages.info(
            request,
            _("“%(title)s” is with the curators now: it can be edited again if they ask for changes.")
            % {"title": practice.title},
        )
        return redirect(reverse("practices:my_practices"))
    title = practice.title  # the form writes into the instance; the heading keeps the saved title
    form = PracticeForm(request.POST or None, instance=practice, user=request.user)
    if request.method == "POST" and form.is_valid():
        practice = services.practice_update(
            practice=practice, by=request.user, fields=form.model_fields(), **form.classification()
        )
        if "submit_for_review" in request.POST:
            _submit_after_save(request, practice)
        else:
            messages.success(request, _("Your changes to “%(title)s” are saved.") % {"title": practice.title})
        return redirect(next_url(request, reverse("practices:my_practices")))
    context = {
        "form": form,
        "practice": practice,
        "title": title,
        "may_submit": services.transition_allowed(request.user, practice, PracticeStatus.SUBMITTED),
        "change_request": selectors.latest_change_request(practice),
    }
    return render(request, "practices/practice_form.html", context)


@login_required
@require_http_methods(["GET"])
def curator_queue(request: HttpRequest) -> HttpResponse:
    if not is_curator(request.user):
        raise PermissionDenied
    page = Paginator(selectors.curator_queue(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "practices": selectors.with_actions(request.user, page.object_list)}
    return render(request, "practices/curator_queue.html", context)


@require_POST
@login_required
def practice_transition(request: HttpRequest, slug: str) -> HttpResponse:
    """One curation move. htmx (the curator queue) gets the updated row; a plain POST a redirect."""
    practice = selectors.practice_visible_to(request.user, slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        notice, level = _("Choose a valid step."), messages.ERROR
    else:
        try:
            services.practice_transition(
                practice=practice,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                comment=form.cleaned_data["comment"],
                site_url=site_url(request),
            )
        except ValidationError as error:
            notice, level = error.messages[0], messages.ERROR
        else:
            notice, level = DONE[form.cleaned_data["to_status"]] % {"title": practice.title}, messages.SUCCESS
    if request.htmx:
        row = selectors.with_actions(request.user, [selectors.queue_row(practice.pk)])[0]
        context = {"practice": row, "notice": notice, "notice_is_error": level == messages.ERROR}
        return render(request, "practices/curator_queue.html#row", context)
    messages.add_message(request, level, notice)
    default = (
        reverse("practices:curator_queue") if is_curator(request.user) else reverse("practices:my_practices")
    )
    return redirect(next_url(request, default))
