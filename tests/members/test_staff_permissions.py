"""Who may use the staff pages of a cooperative (beneath a federation, beneath a confederation)."""

import pytest
from django.urls import reverse

from members.enums import MembershipRole, OrganisationKind
from members.models import Invitation, JoinRequest
from members.services.invitations import invitation_create
from members.services.join_requests import join_request_create
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory

SITE = "http://testserver"
ALLOWED, DENIED, SIGN_IN = "allowed", "denied", "sign-in"
PEOPLE = ["anonymous", "member", "other_federation_staff", "federation_staff", "confederation_staff", "admin"]
EXPECTED = {
    "anonymous": SIGN_IN,
    "member": DENIED,
    "other_federation_staff": DENIED,
    "federation_staff": ALLOWED,
    "confederation_staff": ALLOWED,
    "admin": ALLOWED,
}
# url name, method, status when allowed
ENDPOINTS = [
    ("invitation_list", "get", 200),
    ("invitation_resend", "post", 302),
    ("invitation_revoke", "post", 302),
    ("join_request_list", "get", 200),
    ("join_request_decide", "post", 302),
]


@pytest.fixture
def world(db):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION, name="Confed")
    federation = FederationFactory(parent=confederation)
    cooperative = OrganisationFactory(parent=federation, name="Coop Uno")
    federation_staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user
    people = {
        "anonymous": None,
        "member": MembershipFactory(organisation=cooperative).user,
        "other_federation_staff": MembershipFactory(
            organisation=FederationFactory(), role=MembershipRole.STAFF
        ).user,
        "federation_staff": federation_staff,
        "confederation_staff": MembershipFactory(organisation=confederation, role=MembershipRole.STAFF).user,
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    invitation = invitation_create(
        organisation=cooperative,
        email="secret.guest@example.org",
        role=MembershipRole.MEMBER,
        invited_by=federation_staff,
        site_url=SITE,
    )
    requester = UserFactory(email="secret.requester@example.org")
    join_request = join_request_create(user=requester, organisation=cooperative, message="", site_url=SITE)
    return {
        "cooperative": cooperative,
        "people": people,
        "invitation": invitation,
        "join_request": join_request,
    }


def url_for(name: str, world: dict) -> str:
    slug = world["cooperative"].slug
    if name.startswith("invitation_") and name != "invitation_list":
        return reverse(f"members:{name}", args=[slug, world["invitation"].pk])
    if name == "join_request_decide":
        return reverse(f"members:{name}", args=[slug, world["join_request"].pk, "approve"])
    return reverse(f"members:{name}", args=[slug])


@pytest.mark.parametrize("who", PEOPLE, ids=PEOPLE)
@pytest.mark.parametrize(("name", "method", "ok_status"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_staff_pages_permission_matrix(client, world, who, name, method, ok_status):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)

    response = getattr(client, method)(url_for(name, world))

    expected = EXPECTED[who]
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DENIED:
        assert response.status_code == 403
    else:
        assert response.status_code == ok_status
    if expected != ALLOWED:
        page = response.content.decode()
        assert "secret.guest@example.org" not in page
        assert "secret.requester@example.org" not in page
        assert Invitation.objects.get().revoked_at is None
        assert Invitation.objects.get().sent_count == 1
        assert JoinRequest.objects.get().status == "pending"


def test_a_staff_page_of_an_unknown_organisation_is_not_found(client, world):
    client.force_login(world["people"]["admin"])

    response = client.get(reverse("members:invitation_list", args=["no-such-organisation"]))

    assert response.status_code == 404


def test_inviting_to_an_inactive_organisation_is_not_found_even_for_admins(client, world):
    world["cooperative"].is_active = False
    world["cooperative"].save()
    client.force_login(world["people"]["admin"])

    response = client.get(reverse("members:invitation_list", args=[world["cooperative"].slug]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["invitation_resend", "invitation_revoke", "join_request_decide"])
def test_actions_refuse_get(client, world, name):
    client.force_login(world["people"]["admin"])

    response = client.get(url_for(name, world))

    assert response.status_code == 405
