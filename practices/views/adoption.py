"""Interest, adoption, bookmarks, "my practices" and the owner staff's interest dashboard (signed in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.http import site_url
from practices.forms.adoption import AdoptionForm, InterestForm
from practices.permissions import is_curator
from practices.selectors import curation as selectors
from practices.services import adoption as services
from practices.views.curation import next_url

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET"])
def my_practices(request: HttpRequest) -> HttpResponse:
    user = request.user
    owned = Paginator(selectors.organisation_practices(user), PAGE_SIZE).get_page(request.GET.get("page"))
    owned_with_actions = selectors.with_actions(user, owned.object_list)
    context = {
        "bookmarks": list(selectors.bookmarked_practices(user)),
        "interests": list(selectors.interests_told(user)),
        "page": owned,
        "owned": owned_with_actions,
        # A member who may neither edit nor submit gets no empty "Actions" column.
        "show_actions": any(
            practice.editable or "submitted" in practice.available_transitions
            for practice in owned_with_actions
        ),
        "may_create": selectors.may_create_practices(user),
        "may_see_dashboard": selectors.may_see_interest_dashboard(user),
        "is_curator": is_curator(user),
    }
    return render(request, "practices/my_practices.html", context)


@login_required
@require_http_methods(["GET"])
def interest_dashboard(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_interest_dashboard(request.user):
        raise PermissionDenied
    practices = selectors.interest_dashboard_practices(request.user)
    page = Paginator(practices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "practices/interest_dashboard.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def interest_create(request: HttpRequest, slug: str) -> HttpResponse:
    practice = selectors.practice_published(slug)
    form = InterestForm(request.POST or None, user=request.user, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_create(
                practice=practice,
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                message=form.cleaned_data["message"],
                site_url=site_url(request),
            )
        except ValidationError as error:
            form.add_error("organisation" if error.code == "not_a_member" else None, error)
        else:
            text = _("Your message was sent to the staff of %(owner)s. They will answer you by e-mail.")
            messages.success(request, text % {"owner": practice.owner})
            return redirect(practice.get_absolute_url())
    return render(request, "practices/interest_form.html", {"practice": practice, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def adoption_create(request: HttpRequest, slug: str) -> HttpResponse:
    practice = selectors.practice_published(slug)
    form = AdoptionForm(request.POST or None, user=request.user, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            adoption = services.adoption_create(
                practice=practice,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                story=form.cleaned_data["story"],
            )
        except ValidationError as error:
            form.add_error("organisation", error)
        else:
            text = _("Thank you! The practice now shows that %(organisation)s adopted it.")
            messages.success(request, text % {"organisation": adoption.organisation})
            return redirect(practice.get_absolute_url())
    return render(request, "practices/adoption_form.html", {"practice": practice, "form": form})


@require_POST
@login_required
def bookmark_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    """Bookmark or un-bookmark; htmx gets the button back (aria-pressed), a plain POST a redirect."""
    practice = selectors.practice_visible_to(request.user, slug)
    bookmarked = services.bookmark_toggle(user=request.user, practice=practice)
    if request.htmx:
        context = {"practice": practice, "actions": {"bookmarked": bookmarked}, "announce": True}
        return render(request, "practices/_practice_actions.html#bookmark", context)
    if bookmarked:
        messages.success(request, _("“%(title)s” is in your bookmarks.") % {"title": practice.title})
    else:
        messages.success(
            request, _("“%(title)s” was removed from your bookmarks.") % {"title": practice.title}
        )
    return redirect(next_url(request, practice.get_absolute_url()))
