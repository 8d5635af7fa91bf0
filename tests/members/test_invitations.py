import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.enums import JoinRequestStatus, MembershipRole, OrganisationKind
from members.models import Invitation, JoinRequest, Membership
from members.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    invitation_signed_token,
    invitation_unsign_token,
)
from members.tasks import send_invitation_email
from tests.factories.members import (
    FederationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

SITE = "http://testserver"
HTMX = {"HTTP_HX_REQUEST": "true"}
LINK = re.compile(r"http://testserver(/invitations/[^/\s]+/)")


@pytest.fixture
def federation(db):
    return FederationFactory(name="Lega Test")


@pytest.fixture
def staff(federation):
    return MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def invite(organisation, inviter, email="new.person@example.org", role=MembershipRole.MEMBER):
    return invitation_create(
        organisation=organisation, email=email, role=role, invited_by=inviter, site_url=SITE
    )


def link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def link_of(invitation) -> str:
    return reverse("members:invitation_accept", args=[invitation_signed_token(invitation=invitation)])


# --- sending ---------------------------------------------------------------------------------------


def test_staff_invite_sends_the_link_by_a_task_into_the_outbox(
    staff_client, federation, staff, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("members:invitation_list", args=[federation.slug])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(url, {"email": "New.Person@Example.org", "role": "member"})

    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [["new.person@example.org"]]
    assert mailoutbox[0].subject == "Invitation to join Lega Test"
    signed = link_in(mailoutbox[0]).split("/")[2]
    assert invitation_unsign_token(signed) == invitation.token
    assert invitation.invited_by == staff
    assert invitation.sent_count == 1
    assert invitation.last_sent_at is not None
    assert timedelta(days=13) < invitation.expires_at - timezone.now() <= timedelta(days=14)


def test_federation_staff_can_invite_to_one_of_its_cooperatives(staff_client, federation, mailoutbox):
    cooperative = OrganisationFactory(parent=federation, name="Coop Uno")

    response = staff_client.post(
        reverse("members:invitation_list", args=[cooperative.slug]),
        {"email": "a@example.org", "role": "staff"},
    )

    assert response.status_code == 302
    assert Invitation.objects.get().organisation == cooperative
    assert Invitation.objects.get().role == MembershipRole.STAFF


def test_inviting_a_member_is_a_clear_form_error(staff_client, federation, staff):
    response = staff_client.post(
        reverse("members:invitation_list", args=[federation.slug]),
        {"email": staff.email.upper(), "role": "member"},
    )

    assert response.status_code == 200
    assert "is already a member of Lega Test" in response.text
    assert 'aria-invalid="true"' in response.text
    assert Invitation.objects.count() == 0


def test_invalid_email_is_an_error_on_the_field(staff_client, federation):
    response = staff_client.post(
        reverse("members:invitation_list", args=[federation.slug]),
        {"email": "not-an-address", "role": "member"},
    )

    assert response.status_code == 200
    assert 'id="id_email_error"' in response.text
    assert Invitation.objects.count() == 0


def test_inviting_the_same_address_again_resends_instead_of_duplicating(federation, staff, mailoutbox):
    first = invite(federation, staff)
    old_token = first.token

    second = invite(federation, staff, email="NEW.person@example.org", role=MembershipRole.STAFF)

    assert second.pk == first.pk
    assert Invitation.objects.count() == 1
    second.refresh_from_db()
    assert second.token != old_token
    assert second.sent_count == 2
    assert second.role == MembershipRole.STAFF


def test_inviting_again_from_the_page_says_it_was_sent_again(staff_client, federation, staff):
    invite(federation, staff, email="c@example.org")

    response = staff_client.post(
        reverse("members:invitation_list", args=[federation.slug]),
        {"email": "c@example.org", "role": "member"},
        follow=True,
    )

    assert "c@example.org had an open invitation: it was sent again with a new link." in response.text
    assert Invitation.objects.count() == 1


def test_the_email_task_sends_each_send_once_and_skips_stale_or_missing_rows(federation, staff, mailoutbox):
    invitation = invite(federation, staff)  # on_commit never runs here: the task is called by hand

    send_invitation_email.delay(invitation_id=invitation.pk, send_number=1, site_url=SITE)
    send_invitation_email.delay(invitation_id=invitation.pk, send_number=1, site_url=SITE)
    send_invitation_email.delay(invitation_id=invitation.pk, send_number=0, site_url=SITE)
    send_invitation_email.delay(invitation_id=invitation.pk + 1000, send_number=1, site_url=SITE)

    assert len(mailoutbox) == 1


def test_a_revoked_invitation_is_not_emailed(federation, staff, mailoutbox):
    invitation = invite(federation, staff)
    invitation_revoke(invitation=invitation, by=staff)

    send_invitation_email.delay(invitation_id=invitation.pk, send_number=1, site_url=SITE)

    assert mailoutbox == []


# --- following the link ----------------------------------------------------------------------------


def test_anonymous_visitor_sees_who_invites_and_sign_up_or_sign_in_links(client, federation, staff):
    invitation = invite(federation, staff)
    link = link_of(invitation)

    response = client.get(link)

    assert response.status_code == 200
    assert "Join Lega Test" in response.text
    assert staff.full_name in response.text
    assert "Sign up or sign in to accept." in response.text
    assert f"{reverse('account_signup')}?next={link.replace(':', '%3A')}" in response.text
    assert f"{reverse('account_login')}?next={link.replace(':', '%3A')}" in response.text


def test_anonymous_post_is_sent_to_sign_in(client, federation, staff):
    link = link_of(invite(federation, staff))

    response = client.post(link)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Membership.objects.filter(organisation=federation).count() == 1


def test_a_new_person_signs_up_through_allauth_and_lands_in_the_organisation(
    client, federation, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(federation, staff, role=MembershipRole.STAFF)
    link = link_in(mailoutbox[0])

    signup = client.post(
        f"{reverse('account_signup')}?next={link}",
        {
            "email": "new.person@example.org",
            "password1": "a long pass phrase 9",
            "password2": "a long pass phrase 9",
        },
    )
    confirm = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[-1].body).group(1)
    confirmed = client.post(confirm)
    page = client.get(link)
    accepted = client.post(link, follow=True)

    assert signup.status_code == 302
    assert confirmed.status_code == 302
    assert page.status_code == 200
    assert "Accept and join Lega Test" in page.text
    assert accepted.redirect_chain[0] == (federation.get_absolute_url(), 302)
    assert "Welcome to Lega Test!" in accepted.text
    membership = Membership.objects.get(user__email="new.person@example.org")
    assert (membership.organisation, membership.role) == (federation, MembershipRole.STAFF)


def test_signed_in_person_accepts_and_gets_the_invited_role(client, federation, staff):
    invitation = invite(federation, staff)
    person = UserFactory(email="new.person@example.org")
    client.force_login(person)

    response = client.post(link_of(invitation))

    assert response.status_code == 302
    assert response.url == federation.get_absolute_url()
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    assert Membership.objects.get(user=person).role == MembershipRole.MEMBER


def test_someone_signed_in_with_another_address_is_warned_before_accepting(client, federation, staff):
    invitation = invite(federation, staff)
    client.force_login(UserFactory(email="other@example.org"))

    response = client.get(link_of(invitation))

    assert response.status_code == 200
    assert "This invitation was sent to new.person@example.org" in response.text


def test_a_reused_link_shows_a_clear_gone_page(client, federation, staff):
    invitation = invite(federation, staff)
    link = link_of(invitation)
    invitation_accept(invitation=invitation, user=UserFactory())
    client.force_login(UserFactory())

    page = client.get(link)
    post = client.post(link)

    assert page.status_code == 410
    assert "already been used" in page.text
    assert "ask" in page.text
    assert post.status_code == 410
    assert Membership.objects.filter(organisation=federation).count() == 2


def test_the_person_who_accepted_sees_a_friendly_page_on_a_second_visit(client, federation, staff):
    invitation = invite(federation, staff)
    person = UserFactory()
    invitation_accept(invitation=invitation, user=person)
    client.force_login(person)

    response = client.get(link_of(invitation))

    assert response.status_code == 200
    assert "You have already accepted this invitation" in response.text


def test_an_expired_link_shows_a_clear_gone_page(client, federation, staff):
    invitation = invite(federation, staff)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(UserFactory())

    page = client.get(link_of(invitation))
    post = client.post(link_of(invitation))

    assert page.status_code == 410
    assert "The invitation has expired" in page.text
    assert f"ask {staff.full_name} for a new invitation" in page.text
    assert post.status_code == 410
    assert not Membership.objects.filter(organisation=federation, role=MembershipRole.MEMBER).exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda signed: signed[:-1] + ("A" if signed[-1] != "A" else "B"),
        lambda signed: signed.split(":")[0],
        lambda signed: "made-up-token",
    ],
    ids=["changed-signature", "signature-removed", "made-up"],
)
def test_a_tampered_link_is_not_found(client, federation, staff, tamper, django_assert_num_queries):
    signed = invitation_signed_token(invitation=invite(federation, staff))

    with django_assert_num_queries(0):  # refused before any database lookup
        response = client.get(reverse("members:invitation_accept", args=[tamper(signed)]))

    assert response.status_code == 404
    assert "The link is not complete or has been changed" in response.text


def test_resend_kills_the_old_link_and_the_new_one_works(
    staff_client, federation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("members:invitation_list", args=[federation.slug]),
            {"email": "b@example.org", "role": "member"},
        )
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("members:invitation_resend", args=[federation.slug, invitation.pk])
        )
    old_link, new_link = link_in(mailoutbox[0]), link_in(mailoutbox[1])
    staff_client.logout()

    assert response.status_code == 302
    assert old_link != new_link
    assert staff_client.get(old_link).status_code == 410
    assert "sent again with a new link" in staff_client.get(old_link).text
    assert staff_client.get(new_link).status_code == 200
    invitation.refresh_from_db()
    assert invitation.sent_count == 2


def test_resend_over_htmx_returns_the_updated_row(staff_client, federation, staff):
    invitation = invite(federation, staff)

    response = staff_client.post(
        reverse("members:invitation_resend", args=[federation.slug, invitation.pk]), **HTMX
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="invitation-{invitation.pk}">')
    assert "Sent again to new.person@example.org" in response.text
    assert "sent 2 times" in response.text


def test_revoke_kills_the_link(staff_client, client, federation, staff):
    invitation = invite(federation, staff)
    link = link_of(invitation)

    response = staff_client.post(
        reverse("members:invitation_revoke", args=[federation.slug, invitation.pk]), follow=True
    )
    staff_client.logout()

    assert "was revoked" in response.text
    assert client.get(link).status_code == 410
    assert "withdrawn" in client.get(link).text


def test_resending_or_revoking_an_accepted_invitation_is_refused_with_a_message(
    staff_client, federation, staff
):
    invitation = invite(federation, staff)
    invitation_accept(invitation=invitation, user=UserFactory())

    resend = staff_client.post(
        reverse("members:invitation_resend", args=[federation.slug, invitation.pk]), follow=True
    )
    revoke = staff_client.post(
        reverse("members:invitation_revoke", args=[federation.slug, invitation.pk]), **HTMX
    )

    assert "already been used" in resend.text
    assert "already been used" in revoke.text
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert invitation.sent_count == 1


def test_an_invitation_of_another_organisation_is_not_found(staff_client, staff):
    elsewhere = invite(FederationFactory(), staff)
    own = Membership.objects.get(user=staff).organisation

    response = staff_client.post(reverse("members:invitation_revoke", args=[own.slug, elsewhere.pk]))

    assert response.status_code == 404


# --- the services ----------------------------------------------------------------------------------


def test_accepting_twice_as_the_same_person_makes_one_membership(federation, staff):
    invitation = invite(federation, staff)
    person = UserFactory()

    first = invitation_accept(invitation=invitation, user=person)
    second = invitation_accept(invitation=invitation, user=person)

    assert first == second
    assert Membership.objects.filter(user=person).count() == 1


@pytest.mark.parametrize(
    ("close", "code"),
    [
        (lambda i, by: Invitation.objects.filter(pk=i.pk).update(expires_at=timezone.now()), "expired"),
        (lambda i, by: invitation_revoke(invitation=i, by=by), "revoked"),
        (lambda i, by: invitation_accept(invitation=i, user=UserFactory()), "accepted"),
    ],
    ids=["expired", "revoked", "used-by-someone-else"],
)
def test_accepting_a_closed_invitation_is_refused_with_its_reason(federation, staff, close, code):
    invitation = invite(federation, staff)
    close(invitation, staff)

    with pytest.raises(ValidationError) as refused:
        invitation_accept(invitation=invitation, user=UserFactory())

    assert refused.value.code == code


def test_accepting_a_staff_invitation_raises_a_member_to_staff_and_closes_a_pending_request(
    federation, staff
):
    person = MembershipFactory(organisation=federation, role=MembershipRole.MEMBER).user
    JoinRequest.objects.create(user=person, organisation=federation)
    # invitation_create refuses members, so the row is made by hand (a member since the invitation).
    invitation = Invitation.objects.create(
        organisation=federation,
        email=person.email,
        role=MembershipRole.STAFF,
        invited_by=staff,
        token="t",
        expires_at=timezone.now() + timedelta(days=1),
    )

    invitation_accept(invitation=invitation, user=person)

    assert Membership.objects.get(user=person).role == MembershipRole.STAFF
    assert JoinRequest.objects.get(user=person).status == JoinRequestStatus.APPROVED


def test_a_member_invitation_never_lowers_staff(federation, staff):
    invitation = invite(federation, staff, email="someone@example.org")

    invitation_accept(invitation=invitation, user=staff)

    assert Membership.objects.get(user=staff).role == MembershipRole.STAFF


def test_resend_refuses_a_revoked_invitation_and_revoking_twice_is_harmless(federation, staff):
    invitation = invite(federation, staff)
    invitation_revoke(invitation=invitation, by=staff)
    revoked_at = Invitation.objects.get().revoked_at

    invitation_revoke(invitation=invitation, by=staff)
    with pytest.raises(ValidationError) as refused:
        invitation_resend(invitation=invitation, by=staff, site_url=SITE)

    assert refused.value.code == "revoked"
    assert Invitation.objects.get().revoked_at == revoked_at


def test_an_expired_invitation_can_be_resent_and_works_again(federation, staff):
    invitation = invite(federation, staff)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))

    invitation = invitation_resend(invitation=invitation, by=staff, site_url=SITE)

    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert invitation_accept(invitation=invitation, user=UserFactory()).organisation == federation


def test_a_link_for_an_organisation_deactivated_since_is_gone(client, federation, staff):
    invitation = invite(federation, staff)
    federation.is_active = False
    federation.save()

    response = client.get(link_of(invitation))

    assert response.status_code == 410
    assert "no longer active" in response.text


def test_the_signed_token_uses_its_own_salt(federation, staff):
    invitation = invite(federation, staff)

    with pytest.raises(signing.BadSignature):
        signing.TimestampSigner(salt="something.else").unsign(invitation_signed_token(invitation=invitation))


# --- the list page ---------------------------------------------------------------------------------


def make_invitations(organisation, inviter, count: int) -> None:
    for n in range(count):
        invitation = invite(organisation, inviter, email=f"guest{n}@example.org")
        if n % 3 == 1:
            invitation_accept(invitation=invitation, user=UserFactory())
        elif n % 3 == 2:
            invitation_revoke(invitation=invitation, by=inviter)


@pytest.mark.parametrize("count", [2, 12], ids=["few", "many"])
def test_invitation_list_query_count_does_not_grow(
    staff_client, federation, staff, count, django_assert_num_queries
):
    make_invitations(federation, staff, count)
    url = reverse("members:invitation_list", args=[federation.slug])

    with django_assert_num_queries(5):  # session, user, organisation, staff memberships, invitations
        response = staff_client.get(url)

    assert response.status_code == 200
    assert response.text.count('<tr id="invitation-') == count


def test_organisation_page_offers_staff_the_invite_and_requests_links(staff_client, federation):
    JoinRequest.objects.create(user=UserFactory(), organisation=federation)

    response = staff_client.get(federation.get_absolute_url())

    assert reverse("members:invitation_list", args=[federation.slug]) in response.text
    assert "Requests to join (1 pending)" in response.text
    assert "Request to join" not in response.text.replace("Requests to join", "")


def test_organisation_page_of_a_confederation_child_shows_parent_staff_the_links(client, federation, staff):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION)
    federation.parent = confederation
    federation.save()
    client.force_login(MembershipFactory(organisation=confederation, role=MembershipRole.STAFF).user)

    response = client.get(federation.get_absolute_url())

    assert reverse("members:invitation_list", args=[federation.slug]) in response.text
