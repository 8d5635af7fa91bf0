"""An invited newcomer signs up from the invitation page and comes back to it (members.adapter)."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from members.adapter import SESSION_KEY, AccountAdapter, invitation_remembered
from members.enums import MembershipRole
from members.models import Invitation, Membership
from members.services.invitations import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
    invitation_signed_token,
)
from tests.factories.members import FederationFactory, MembershipFactory, UserFactory

SITE = "http://testserver"
INVITED = "ana@example.org"
PASSWORD = "a long pass phrase 9"
CONFIRM = re.compile(r"http://testserver(/accounts/confirm-email/[^/\s]+/)")


@pytest.fixture
def federation(db):
    return FederationFactory(name="Lega Test")


@pytest.fixture
def staff(federation):
    return MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user


@pytest.fixture
def invitation(federation, staff):
    return invitation_create(
        organisation=federation, email=INVITED, role=MembershipRole.MEMBER, invited_by=staff, site_url=SITE
    )


def link_of(invitation: Invitation) -> str:
    return reverse("members:invitation_accept", args=[invitation_signed_token(invitation=invitation)])


def sign_up(client, email: str, *, next_url: str | None = None):
    url = reverse("account_signup") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def confirmation_path(mailoutbox, email: str) -> str:
    (message,) = [m for m in mailoutbox if email in m.to]
    return CONFIRM.search(message.body).group(1)


def request_with_session(rf, signed_token: str | None = None):
    request = rf.get("/")
    request.session = SessionStore()
    if signed_token is not None:
        request.session[SESSION_KEY] = signed_token
    return request


# --- remembering the invitation ----------------------------------------------------------------------


def test_anonymous_visit_remembers_the_signed_token(client, invitation):
    link = link_of(invitation)

    client.get(link)

    assert reverse("members:invitation_accept", args=[client.session[SESSION_KEY]]) == link


def test_signed_in_visit_remembers_nothing(client, invitation):
    client.force_login(UserFactory())

    client.get(link_of(invitation))

    assert SESSION_KEY not in client.session


def test_a_closed_invitation_is_not_remembered(client, invitation, staff):
    link = link_of(invitation)
    invitation_revoke(invitation=invitation, by=staff)

    response = client.get(link)

    assert response.status_code == 410
    assert SESSION_KEY not in client.session


def test_the_page_tells_the_invited_address_needs_no_confirmation(client, invitation):
    response = client.get(link_of(invitation))

    assert "signing up with it here needs no confirmation e-mail" in response.text


# --- signing up with the invited address ---------------------------------------------------------------


def test_signing_up_with_the_invited_address_logs_in_at_once_and_returns_to_the_invitation(
    client, invitation, mailoutbox
):
    link = link_of(invitation)
    client.get(link)
    mailoutbox.clear()

    signup = sign_up(client, "Ana@Example.org", next_url=link)
    page = client.get(signup.url)

    assert (signup.status_code, signup.url) == (302, link)
    assert mailoutbox == []
    assert EmailAddress.objects.get(email=INVITED).verified
    assert "Accept and join Lega Test" in page.text
    assert "This invitation was sent to" not in page.text


def test_accepting_after_signup_shows_you_are_now_a_member_and_forgets_the_invitation(client, invitation):
    link = link_of(invitation)
    client.get(link)
    sign_up(client, INVITED, next_url=link)

    accepted = client.post(link, follow=True)

    assert accepted.redirect_chain == [(invitation.organisation.get_absolute_url(), 302)]
    assert "You are now a member of Lega Test." in accepted.text
    assert Membership.objects.get(user__email=INVITED).organisation == invitation.organisation
    assert SESSION_KEY not in client.session


def test_signing_up_without_next_still_returns_to_the_invitation(client, invitation):
    link = link_of(invitation)
    client.get(link)

    signup = sign_up(client, INVITED)

    assert (signup.status_code, signup.url) == (302, link)


def test_the_invited_address_without_having_opened_the_link_is_confirmed_by_email(
    client, invitation, mailoutbox
):
    mailoutbox.clear()

    signup = sign_up(client, INVITED, next_url=link_of(invitation))

    assert signup.url == reverse("account_email_verification_sent")
    assert not EmailAddress.objects.get(email=INVITED).verified
    assert [m.to for m in mailoutbox] == [[INVITED]]


# --- signing up with another address -------------------------------------------------------------------


def test_another_address_is_confirmed_by_email_then_returns_to_the_invitation(client, invitation, mailoutbox):
    link = link_of(invitation)
    client.get(link)
    mailoutbox.clear()

    signup = sign_up(client, "ana.private@example.net", next_url=link)
    confirmed = client.post(confirmation_path(mailoutbox, "ana.private@example.net"))
    page = client.get(link)
    accepted = client.post(link, follow=True)

    assert signup.url == reverse("account_email_verification_sent")
    assert (confirmed.status_code, confirmed.url) == (302, link)
    assert "This invitation was sent to ana@example.org" in page.text
    assert "You are now a member of Lega Test." in accepted.text
    assert Membership.objects.get(organisation=invitation.organisation, user__email="ana.private@example.net")


def test_another_address_confirmed_without_next_returns_to_the_invitation(client, invitation, mailoutbox):
    link = link_of(invitation)
    client.get(link)

    sign_up(client, "ana.private@example.net")
    confirmed = client.post(confirmation_path(mailoutbox, "ana.private@example.net"))

    assert (confirmed.status_code, confirmed.url) == (302, link)


def test_signing_in_after_viewing_the_invitation_returns_to_it(client, invitation):
    person = UserFactory(email="member@example.org")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    link = link_of(invitation)
    client.get(link)

    login = client.post(
        reverse("account_login"), {"login": person.email, "password": "correct horse battery"}
    )

    assert (login.status_code, login.url) == (302, link)


# --- the adapter on its own ----------------------------------------------------------------------------


def test_adapter_trusts_only_the_invited_address_of_the_remembered_invitation(rf, invitation):
    request = request_with_session(rf, invitation_signed_token(invitation=invitation))
    adapter = AccountAdapter(request)

    assert adapter.is_email_verified(request, "ANA@example.org") is True
    assert adapter.is_email_verified(request, "someone.else@example.org") is False
    assert adapter.is_email_verified(request_with_session(rf), INVITED) is False


def _expire(invitation, staff):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


def _revoke(invitation, staff):
    invitation_revoke(invitation=invitation, by=staff)


def _replace(invitation, staff):
    invitation_resend(invitation=invitation, by=staff, site_url=SITE)


def _deactivate(invitation, staff):
    type(invitation.organisation).objects.filter(pk=invitation.organisation_id).update(is_active=False)


@pytest.mark.parametrize(
    "close", [_expire, _revoke, _replace, _deactivate], ids=["expired", "revoked", "replaced", "inactive"]
)
def test_adapter_ignores_an_invitation_closed_since_it_was_remembered(rf, invitation, staff, close):
    request = request_with_session(rf, invitation_signed_token(invitation=invitation))
    close(invitation, staff)
    adapter = AccountAdapter(request)

    assert invitation_remembered(request) is None
    assert adapter.is_email_verified(request, INVITED) is False
    assert adapter.get_signup_redirect_url(request) == "/"


@pytest.mark.parametrize("value", ["", "made-up", "abc:def"], ids=["empty", "unsigned", "bad-signature"])
def test_adapter_ignores_a_missing_or_tampered_token(rf, invitation, value):
    request = request_with_session(rf, value)

    assert invitation_remembered(request) is None
    assert AccountAdapter(request).is_email_verified(request, INVITED) is False


def test_adapter_login_redirect_is_home_without_an_invitation(rf, db):
    request = request_with_session(rf)
    request.user = UserFactory()

    assert AccountAdapter(request).get_login_redirect_url(request) == "/"
