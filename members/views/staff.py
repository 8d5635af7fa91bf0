"""Invitations and requests to join: the staff pages, the invitation link, the request form.

Anonymous visitors are sent to sign in; signed-in people without the permission get the 403 page.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.adapter import invitation_forget, invitation_remember
from members.enums import InvitationStatus, JoinRequestStatus
from members.forms.staff import InvitationForm, JoinRequestForm
from members.models import Invitation, Organisation
from members.permissions import (
    can_decide_join_request,
    can_invite_to,
    can_manage_organisation,
    can_request_to_join,
)
from members.selectors import staff as selectors
from members.services import invitations as invitation_services
from members.services import join_requests as join_request_services
from portal.http import site_url

DECISIONS = {"approve": True, "decline": False}


def _organisation(request: HttpRequest, slug: str, allowed: Callable[..., bool]) -> Organisation:
    organisation = selectors.organisation_for_staff(slug)
    if not allowed(request.user, organisation):
        raise PermissionDenied
    return organisation


# --- Invitations (staff) ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, can_invite_to)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                site_url=site_url(request),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if invitation.sent_count > 1:
                text = _("%(email)s had an open invitation: it was sent again with a new link.")
            else:
                text = _("Invitation sent to %(email)s.")
            messages.success(request, text % {"email": invitation.email})
            return redirect("members:invitation_list", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "form": form,
        "invitations": selectors.invitations_for(organisation),
    }
    return render(request, "members/invitation_list.html", context)


def _invitation_action(
    request: HttpRequest, slug: str, pk: int, action: Callable[[Invitation], tuple[Invitation, str]]
) -> HttpResponse:
    """Run ``action`` on one invitation; htmx gets the updated row back, a plain POST a redirect."""
    organisation = _organisation(request, slug, can_invite_to)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    try:
        invitation, notice = action(invitation)
        level = messages.SUCCESS
    except ValidationError as error:
        notice, level = error.messages[0], messages.ERROR
    if request.htmx:
        context = {"organisation": organisation, "invitation": invitation, "notice": notice}
        return render(request, "members/invitation_list.html#row", context)
    messages.add_message(request, level, notice)
    return redirect("members:invitation_list", slug=organisation.slug)


@require_POST
@login_required
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def resend(invitation: Invitation) -> tuple[Invitation, str]:
        invitation = invitation_services.invitation_resend(
            invitation=invitation, by=request.user, site_url=site_url(request)
        )
        return invitation, _("Sent again to %(email)s with a new link.") % {"email": invitation.email}

    return _invitation_action(request, slug, pk, resend)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def revoke(invitation: Invitation) -> tuple[Invitation, str]:
        invitation = invitation_services.invitation_revoke(invitation=invitation, by=request.user)
        text = _("The invitation to %(email)s was revoked; its link no longer works.")
        return invitation, text % {"email": invitation.email}

    return _invitation_action(request, slug, pk, revoke)


# --- The invitation link (anyone with it) ----------------------------------------------------------


def _invitation_closed(
    request: HttpRequest, state: str, invitation: Invitation | None = None
) -> HttpResponse:
    return render(
        request, "members/invitation_accept.html", {"state": state, "invitation": invitation}, status=410
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        raw_token = invitation_services.invitation_unsign_token(token)
    except signing.BadSignature:
        return render(request, "members/invitation_accept.html", {"state": "invalid"}, status=404)
    invitation = selectors.invitation_by_token(raw_token)
    if invitation is None:  # signed by us, but a re-send has replaced its token since
        return _invitation_closed(request, "replaced")
    user = request.user
    status = invitation.status
    if status == InvitationStatus.ACCEPTED and invitation.accepted_by_id == user.pk:
        return render(request, "members/invitation_accept.html", {"state": "mine", "invitation": invitation})
    if status != InvitationStatus.PENDING or not invitation.organisation.is_active:
        return _invitation_closed(
            request, status if invitation.organisation.is_active else "closed", invitation
        )
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            invitation_services.invitation_accept(invitation=invitation, user=user)
        except ValidationError as error:
            return _invitation_closed(request, error.code, invitation)
        invitation_forget(request)
        text = _("Welcome to %(organisation)s! You are now a member of %(organisation)s.")
        messages.success(request, text % {"organisation": invitation.organisation})
        return redirect(invitation.organisation.get_absolute_url())
    if not user.is_authenticated:
        # Signing up with the invited address in this session then needs no confirmation e-mail.
        invitation_remember(request, signed_token=token)
    context = {"state": "pending", "invitation": invitation, "next_url": request.get_full_path()}
    return render(request, "members/invitation_accept.html", context)


# --- Requests to join ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def join_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, can_request_to_join)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            join_request_services.join_request_create(
                user=request.user,
                organisation=organisation,
                message=form.cleaned_data["message"],
                site_url=site_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request to join %(organisation)s was sent to its staff.")
                % {"organisation": organisation},
            )
            return redirect(organisation.get_absolute_url())
    context = {"organisation": organisation, "form": form}
    return render(request, "members/joinrequest_form.html", context)


@login_required
@require_http_methods(["GET"])
def join_request_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, can_manage_organisation)
    context = {
        "organisation": organisation,
        "pending": selectors.join_requests_pending(organisation),
        "decided": selectors.join_requests_decided(organisation),
    }
    return render(request, "members/joinrequest_list.html", context)


@require_POST
@login_required
def join_request_decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        raise Http404
    organisation = _organisation(request, slug, can_manage_organisation)
    join_request = selectors.join_request_for(organisation, pk)
    join_request.organisation = organisation
    if not can_decide_join_request(request.user, join_request):
        raise PermissionDenied
    person = join_request.user
    try:
        join_request = join_request_services.join_request_decide(
            join_request=join_request,
            by=request.user,
            approve=DECISIONS[decision],
            site_url=site_url(request),
        )
    except ValidationError as error:
        notice, level = error.messages[0], messages.ERROR
    else:
        if join_request.status == JoinRequestStatus.APPROVED:
            notice = _("%(person)s is now a member.") % {"person": person}
        else:
            notice = _("The request from %(person)s was declined.") % {"person": person}
        level = messages.SUCCESS
    join_request.user = person
    context = {"organisation": organisation, "join_request": join_request}
    if request.htmx:
        return render(request, "members/joinrequest_list.html#row", {**context, "notice": notice})
    messages.add_message(request, level, notice)
    return redirect(reverse("members:join_request_list", args=[organisation.slug]))
