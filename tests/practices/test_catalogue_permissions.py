"""Who sees what in the public catalogue: published practices for everyone, the rest for few.

PUBLIC lists the catalogue's routes anyone may open (tests/test_permission_matrix.py reads it); an
unpublished practice's page is the only private thing here, and answers 404 so it does not leak.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from members.enums import MembershipRole, OrganisationKind
from practices.enums import PracticeStatus
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory

PUBLIC = [
    "practices:practice_list",
    "practices:practice_feed",
    "practices:practice_detail",  # published practices; unpublished ones: the matrix below
]
PEOPLE = [
    "anonymous",
    "member",
    "other_federation_staff",
    "owner_staff",
    "federation_staff",
    "curator",
    "admin",
]
SEES_UNPUBLISHED = {"owner_staff", "federation_staff", "curator", "admin"}
UNPUBLISHED = [status for status in PracticeStatus.values if status != PracticeStatus.PUBLISHED]
SECRET_TITLE = "Secret practice under review"


@pytest.fixture
def world(db):
    federation = FederationFactory()
    owner = OrganisationFactory(kind=OrganisationKind.COOPERATIVE, parent=federation)
    curator = UserFactory()
    curator.groups.add(Group.objects.get(name="Curators"))
    people = {
        "anonymous": None,
        "member": MembershipFactory(organisation=owner).user,
        "other_federation_staff": MembershipFactory(
            organisation=FederationFactory(), role=MembershipRole.STAFF
        ).user,
        "owner_staff": MembershipFactory(organisation=owner, role=MembershipRole.STAFF).user,
        "federation_staff": MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user,
        "curator": curator,
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    return {"owner": owner, "people": people, "published": PracticeFactory(owner=owner)}


def url_for(name: str, world: dict) -> str:
    if name == "practices:practice_detail":
        return reverse(name, args=[world["published"].slug])
    return reverse(name)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", PUBLIC)
def test_public_routes_open_for_everyone(client, world, name, who):
    if world["people"][who] is not None:
        client.force_login(world["people"][who])

    response = client.get(url_for(name, world))

    assert response.status_code == 200


@pytest.mark.parametrize("status", UNPUBLISHED)
@pytest.mark.parametrize("who", PEOPLE)
def test_unpublished_practice_page_matrix(client, world, who, status):
    practice = PracticeFactory(owner=world["owner"], title=SECRET_TITLE, status=status, published_at=None)
    if world["people"][who] is not None:
        client.force_login(world["people"][who])

    response = client.get(practice.get_absolute_url())

    if who in SEES_UNPUBLISHED:
        assert response.status_code == 200
        assert "Not published" in response.text
        assert SECRET_TITLE in response.text
    else:
        assert response.status_code == 404
        assert SECRET_TITLE not in response.text


@pytest.mark.parametrize("who", PEOPLE)
def test_unpublished_practices_never_appear_in_lists_feeds_or_related(client, world, who):
    PracticeFactory(
        owner=world["owner"], title=SECRET_TITLE, status=PracticeStatus.SUBMITTED, published_at=None
    )
    if world["people"][who] is not None:
        client.force_login(world["people"][who])

    pages = [
        client.get(reverse("practices:practice_list"), {"q": "secret"}).text,
        client.get(reverse("practices:practice_list")).text,
        client.get(reverse("practices:practice_feed")).text,
        client.get(world["published"].get_absolute_url()).text,
    ]

    assert all(SECRET_TITLE not in page for page in pages)


@pytest.mark.parametrize("name", ["practices:practice_list", "practices:practice_feed"])
def test_catalogue_routes_refuse_post(client, world, name):
    assert client.post(url_for(name, world)).status_code == 405
