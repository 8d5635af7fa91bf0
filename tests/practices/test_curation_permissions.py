"""Who may use the curation, interest, adoption and bookmark pages, and the (public) API.

A practice of a cooperative beneath a federation; the people: anonymous, a member of the cooperative,
staff of another federation, staff of the owner, a curator (the "Curators" group) and a platform admin.
An unpublished practice is 404, not 403, to those who may not see it.
"""

import pytest
from django.urls import reverse

from members.enums import MembershipRole
from practices.enums import PracticeStatus
from practices.models import AdoptionInterest, Bookmark, Practice, PracticeTransition
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.practices.test_curation import make_curator

ALLOWED, DENIED, HIDDEN, SIGN_IN = "allowed", "denied", "not-found", "sign-in"
PEOPLE = ["anonymous", "member", "other_federation_staff", "owner_staff", "curator", "admin"]
SECRETS = ["Secret draft", "Secret submission", "secret interest message"]
# url name, method, status when allowed
ENDPOINTS = [
    ("practice_create", "get", 200),
    ("practice_edit", "get", 200),
    ("practice_translate", "get", 200),
    ("practice_transition", "post", 302),
    ("curator_queue", "get", 200),
    ("interest_create", "get", 200),
    ("adoption_create", "get", 200),
    ("bookmark_toggle", "post", 302),
    ("my_practices", "get", 200),
    ("interest_dashboard", "get", 200),
    ("api_practice_list", "get", 200),
    ("api_practice_detail", "get", 200),
    ("api_openapi", "get", 200),
]
PUBLIC = {"api_practice_list", "api_practice_detail", "api_openapi"}


def _row(anonymous, member, other, owner, curator, admin):
    return dict(zip(PEOPLE, [anonymous, member, other, owner, curator, admin], strict=True))


SIGNED_IN_ONLY = _row(SIGN_IN, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
EXPECTED = {
    "practice_create": _row(SIGN_IN, DENIED, ALLOWED, ALLOWED, DENIED, ALLOWED),
    # the draft: its owner's staff and curators see (and edit) it; others do not know it exists
    "practice_edit": _row(SIGN_IN, HIDDEN, HIDDEN, ALLOWED, ALLOWED, ALLOWED),
    # translating the draft: the same people as editing it
    "practice_translate": _row(SIGN_IN, HIDDEN, HIDDEN, ALLOWED, ALLOWED, ALLOWED),
    # "start review" on the submitted practice: a curator's move; its owner's staff see it but may not
    "practice_transition": _row(SIGN_IN, HIDDEN, HIDDEN, DENIED, ALLOWED, ALLOWED),
    "curator_queue": _row(SIGN_IN, DENIED, DENIED, DENIED, ALLOWED, ALLOWED),
    "interest_create": SIGNED_IN_ONLY,
    "adoption_create": SIGNED_IN_ONLY,
    "bookmark_toggle": SIGNED_IN_ONLY,
    "my_practices": SIGNED_IN_ONLY,
    "interest_dashboard": _row(SIGN_IN, DENIED, ALLOWED, ALLOWED, DENIED, ALLOWED),
    **{name: _row(*[ALLOWED] * 6) for name in PUBLIC},
}


@pytest.fixture
def world(db):
    federation = FederationFactory()
    cooperative = OrganisationFactory(parent=federation, name="Coop Uno")
    owner_staff = MembershipFactory(organisation=cooperative, role=MembershipRole.STAFF).user
    published = PracticeFactory(owner=cooperative, title="Published practice")
    draft = PracticeFactory(
        owner=cooperative, status=PracticeStatus.DRAFT, published_at=None, title="Secret draft"
    )
    submitted = PracticeFactory(
        owner=cooperative, status=PracticeStatus.SUBMITTED, published_at=None, title="Secret submission"
    )
    AdoptionInterest.objects.create(
        practice=published, user=UserFactory(), message="secret interest message", notified_at=None
    )
    people = {
        "anonymous": None,
        "member": MembershipFactory(organisation=cooperative).user,
        "other_federation_staff": MembershipFactory(
            organisation=FederationFactory(), role=MembershipRole.STAFF
        ).user,
        "owner_staff": owner_staff,
        "curator": make_curator(),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    return {"people": people, "published": published, "draft": draft, "submitted": submitted}


def url_for(name: str, world: dict) -> str:
    practice = {
        "practice_edit": world["draft"],
        "practice_translate": world["draft"],
        "practice_transition": world["submitted"],
    }.get(name, world["published"])
    if name == "practice_translate":
        return reverse(f"practices:{name}", args=[practice.slug, "it"])
    if name in {"practice_create", "curator_queue", "my_practices", "interest_dashboard"}:
        return reverse(f"practices:{name}")
    if name in {"api_practice_list", "api_openapi"}:
        return reverse(f"practices:{name}")
    return reverse(f"practices:{name}", args=[practice.slug])


def request(client, method: str, url: str):
    if method == "post":
        return client.post(url, {"to_status": PracticeStatus.IN_REVIEW})
    return client.get(url)


def assert_nothing_changed(world):
    assert Practice.objects.get(pk=world["submitted"].pk).status == PracticeStatus.SUBMITTED
    assert PracticeTransition.objects.count() == 0
    assert Bookmark.objects.count() == 0


@pytest.mark.parametrize("who", PEOPLE, ids=PEOPLE)
@pytest.mark.parametrize(("name", "method", "ok_status"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_curation_pages_permission_matrix(client, world, who, name, method, ok_status):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)

    response = request(client, method, url_for(name, world))

    expected = EXPECTED[name][who]
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DENIED:
        assert response.status_code == 403
    elif expected == HIDDEN:
        assert response.status_code == 404
    else:
        assert response.status_code == ok_status
    if expected != ALLOWED:
        page = response.content.decode()
        assert not [secret for secret in SECRETS if secret in page]
        assert_nothing_changed(world)


HIDDEN_FROM = ["member", "other_federation_staff"]
SLUGGED = ["practice_edit", "practice_transition", "interest_create", "adoption_create", "bookmark_toggle"]


@pytest.mark.parametrize("who", HIDDEN_FROM, ids=HIDDEN_FROM)
@pytest.mark.parametrize("name", [*SLUGGED, "api_practice_detail"])
def test_an_unpublished_practice_is_not_found_for_those_who_may_not_see_it(client, world, who, name):
    method = "post" if name in {"practice_transition", "bookmark_toggle"} else "get"
    client.force_login(world["people"][who])

    response = request(client, method, reverse(f"practices:{name}", args=[world["draft"].slug]))

    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()
    assert_nothing_changed(world)


def test_an_unpublished_practice_is_not_found_in_the_api_for_anyone(client, world):
    response = client.get(reverse("practices:api_practice_detail", args=[world["draft"].slug]))

    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()


@pytest.mark.parametrize("name", ["interest_create", "adoption_create"])
def test_interest_and_adoption_need_a_published_practice_even_for_its_staff(client, world, name):
    client.force_login(world["people"]["owner_staff"])

    response = client.get(reverse(f"practices:{name}", args=[world["draft"].slug]))

    assert response.status_code == 404


def test_staff_of_another_federation_see_no_interest_in_practices_not_theirs(client, world):
    client.force_login(world["people"]["other_federation_staff"])

    response = client.get(reverse("practices:interest_dashboard"))

    assert "secret interest message" not in response.content.decode()


def test_my_practices_does_not_show_drafts_to_members(client, world):
    client.force_login(world["people"]["member"])

    response = client.get(reverse("practices:my_practices"))

    page = response.content.decode()
    assert "Published practice" in page
    assert not [secret for secret in SECRETS if secret in page]


@pytest.mark.parametrize("name", ["practice_transition", "bookmark_toggle"])
def test_actions_refuse_get(client, world, name):
    client.force_login(world["people"]["admin"])

    response = client.get(url_for(name, world))

    assert response.status_code == 405
