"""allauth's account adapter: an invited newcomer signs up and comes straight back to their invitation.

When a signed-out person opens a valid invitation link, the view remembers the signed token in the
session. The link was e-mailed to one inbox only, so signing up *in that session* with exactly the invited
address proves the address as well as a confirmation e-mail would: it counts as verified, and the person
is logged in at once. Any other address goes through the normal e-mail confirmation. Either way, after
signing up or in, the person is sent back to the invitation page to accept it.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from members.enums import InvitationStatus
from members.models import Invitation
from members.selectors.staff import invitation_by_token
from members.services.invitations import invitation_unsign_token

SESSION_KEY = "members.invitation"


def invitation_remember(request: HttpRequest, *, signed_token: str) -> None:
    request.session[SESSION_KEY] = signed_token


def invitation_forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def invitation_remembered(request: HttpRequest) -> tuple[Invitation, str] | None:
    """The open invitation remembered in this session and its signed token, or None."""
    signed_token = request.session.get(SESSION_KEY)
    if not signed_token:
        return None
    try:
        invitation = invitation_by_token(invitation_unsign_token(signed_token))
    except signing.BadSignature:
        return None
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        return None
    if not invitation.organisation.is_active:
        return None
    return invitation, signed_token


class AccountAdapter(DefaultAccountAdapter):
    def is_email_verified(self, request: HttpRequest, email: str) -> bool:
        remembered = invitation_remembered(request)
        if remembered is not None and remembered[0].email.lower() == email.lower():
            return True
        return super().is_email_verified(request, email)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return _invitation_url(request) or super().get_signup_redirect_url(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return _invitation_url(request) or super().get_login_redirect_url(request)


def _invitation_url(request: HttpRequest) -> str | None:
    """The remembered invitation's page, used when no ``next`` came along (allauth prefers ``next``)."""
    remembered = invitation_remembered(request)
    if remembered is None:
        return None
    return reverse("members:invitation_accept", args=[remembered[1]])
