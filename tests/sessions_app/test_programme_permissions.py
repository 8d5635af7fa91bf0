"""Who may use the programme and session staff pages: organiser staff, co-host staff, admins."""

import pytest
from django.urls import reverse

from members.enums import MembershipRole, OrganisationKind
from sessions_app.models import Programme, Session, Trend
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory, TrendFactory

# Route names anyone may open (visibility per programme is tested in test_programmes.py).
PUBLIC = {
    "sessions_app:programme_list",
    "sessions_app:programme_detail",
    "sessions_app:programme_report",
    "sessions_app:session_list",
    "sessions_app:session_detail",
}
ALLOWED, DENIED, SIGN_IN = "allowed", "denied", "sign-in"
PEOPLE = ["anonymous", "member", "other_federation_staff", "organiser_staff", "co_host_staff", "admin"]
EXPECTED = {
    "anonymous": SIGN_IN,
    "member": DENIED,
    "other_federation_staff": DENIED,
    "organiser_staff": ALLOWED,
    "co_host_staff": ALLOWED,
    "admin": ALLOWED,
}
# url name, method, status when allowed
ENDPOINTS = [
    ("programme_create", "get", 200),
    ("programme_edit", "get", 200),
    ("programme_edit", "post", 200),  # an empty form comes back with its errors: nothing saved
    ("session_create", "get", 200),
    ("session_edit", "get", 200),
    ("session_duplicate", "post", 302),
    ("trend_list", "get", 200),
    ("trend_list", "post", 200),  # an empty form comes back with its errors: nothing saved
    ("trend_edit", "get", 200),
    ("trend_delete", "post", 302),
]


@pytest.fixture
def world(db):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION, name="Confed")
    organiser = FederationFactory(parent=confederation)
    co_host = FederationFactory(parent=confederation)
    programme = ProgrammeFactory(organiser=organiser, co_hosts=[co_host], title="Digital transitions")
    session = SessionFactory(programme=programme, number=1)
    trend = TrendFactory(programme=programme, title="Platforms")
    people = {
        "anonymous": None,
        "member": MembershipFactory(organisation=OrganisationFactory(parent=organiser)).user,
        "other_federation_staff": MembershipFactory(
            organisation=FederationFactory(), role=MembershipRole.STAFF
        ).user,
        "organiser_staff": MembershipFactory(organisation=organiser, role=MembershipRole.STAFF).user,
        "co_host_staff": MembershipFactory(organisation=co_host, role=MembershipRole.STAFF).user,
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    return {"programme": programme, "session": session, "trend": trend, "people": people}


def url_for(name: str, world: dict) -> str:
    if name == "programme_create":
        return reverse(f"sessions_app:{name}")
    slug = world["programme"].slug
    if name in {"trend_edit", "trend_delete"}:
        return reverse(f"sessions_app:{name}", args=[slug, world["trend"].pk])
    if name.startswith("programme_") or name in {"session_create", "trend_list"}:
        return reverse(f"sessions_app:{name}", args=[slug])
    return reverse(f"sessions_app:{name}", args=[slug, world["session"].number])


def expected_for(who: str, name: str) -> str:
    # Creating a programme needs staff of any organisation: other federations' staff may create their own.
    if name == "programme_create" and who in {"other_federation_staff", "co_host_staff"}:
        return ALLOWED
    return EXPECTED[who]


@pytest.mark.parametrize("who", PEOPLE, ids=PEOPLE)
@pytest.mark.parametrize(
    ("name", "method", "ok_status"), ENDPOINTS, ids=[f"{e[0]}-{e[1]}" for e in ENDPOINTS]
)
def test_programme_staff_pages_permission_matrix(client, world, who, name, method, ok_status):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)

    response = getattr(client, method)(url_for(name, world))

    expected = expected_for(who, name)
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DENIED:
        assert response.status_code == 403
    else:
        assert response.status_code == ok_status
    if expected != ALLOWED:
        assert "meet.example.org/secret-room" not in response.text
        assert Session.objects.count() == 1
        assert Programme.objects.get().title == "Digital transitions"
        assert list(Trend.objects.values_list("title", flat=True)) == ["Platforms"]


def test_a_draft_programme_is_not_found_on_staff_pages_for_those_who_may_not_see_it(client, world):
    world["programme"].status = "draft"
    world["programme"].save()
    client.force_login(world["people"]["other_federation_staff"])

    response = client.get(url_for("programme_edit", world))

    assert response.status_code == 404


def test_duplicate_refuses_get(client, world):
    client.force_login(world["people"]["admin"])

    assert client.get(url_for("session_duplicate", world)).status_code == 405
