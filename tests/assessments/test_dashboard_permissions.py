"""Who may use the needs dashboard, the commitments and the funder pack."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole, OrganisationKind
from tests.assessments.test_commitments import commit, held_session
from tests.assessments.test_dashboard import assess
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.sessions import ProgrammeFactory

# Route names anyone may open: the check-in link's token is the credential (tested in test_commitments).
PUBLIC = {"assessments:checkin_answer"}
ALLOWED, DENIED, SIGN_IN = "allowed", "denied", "sign-in"
PEOPLE = ["anonymous", "member", "other_federation_staff", "federation_staff", "programme_staff", "admin"]
SECRET = "Secret plan of Coop Uno"
EVERYONE = {"member", "other_federation_staff", "federation_staff", "programme_staff", "admin"}
# url name, method, status when allowed, who is allowed (the other signed-in people get a 403)
ENDPOINTS = [
    ("needs_dashboard", "get", 200, {"federation_staff", "admin"}),
    ("needs_csv", "get", 200, {"federation_staff", "admin"}),
    ("commitment_list", "get", 200, EVERYONE),
    ("commitment_create", "get", 200, EVERYONE - {"member"}),
    ("commitment_create", "post", 200, EVERYONE - {"member"}),  # an empty form comes back: nothing saved
    ("funder_pack", "get", 200, {"programme_staff", "admin"}),
    ("funder_pack_csv", "get", 200, {"programme_staff", "admin"}),
    ("funder_pack_json", "get", 200, {"programme_staff", "admin"}),
]


@pytest.fixture
def world(db):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION, name="Confed")
    federation = FederationFactory(parent=confederation)
    cooperative = OrganisationFactory(parent=federation, name="Coop Uno")
    host = FederationFactory(name="Host federation")
    programme = ProgrammeFactory(organiser=host, title="Digital transitions")
    session = held_session(programme, number=1)
    commit(session, cooperative, description=SECRET)
    for coop in [cooperative, *[OrganisationFactory(parent=federation) for _ in range(4)]]:
        assess(coop, when=timezone.now() - timedelta(days=3), scores=[42.7] * 6)
    people = {
        "anonymous": None,
        "member": MembershipFactory(organisation=cooperative).user,
        "other_federation_staff": MembershipFactory(
            organisation=FederationFactory(), role=MembershipRole.STAFF
        ).user,
        "federation_staff": MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user,
        "programme_staff": MembershipFactory(organisation=host, role=MembershipRole.STAFF).user,
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    return {"federation": federation, "programme": programme, "session": session, "people": people}


def url_for(name: str, world: dict) -> str:
    if name.startswith("needs_"):
        return reverse(f"assessments:{name}", args=[world["federation"].slug])
    if name == "commitment_create":
        return reverse(f"assessments:{name}", args=[world["programme"].slug, world["session"].number])
    if name.startswith("funder_pack"):
        return reverse(f"assessments:{name}", args=[world["programme"].slug])
    return reverse(f"assessments:{name}")


@pytest.mark.parametrize("who", PEOPLE, ids=PEOPLE)
@pytest.mark.parametrize(
    ("name", "method", "ok_status", "allowed"), ENDPOINTS, ids=[f"{e[0]}-{e[1]}" for e in ENDPOINTS]
)
def test_assessment_pages_permission_matrix(client, world, who, name, method, ok_status, allowed):
    from assessments.models import Commitment

    person = world["people"][who]
    if person is not None:
        client.force_login(person)

    response = getattr(client, method)(url_for(name, world))

    if person is None:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif who in allowed:
        assert response.status_code == ok_status
    else:
        assert response.status_code == 403
    body = response.content.decode()
    if who not in allowed or not name.startswith("needs_"):
        assert "42.7" not in body
    if who not in {"federation_staff", "admin"}:
        assert SECRET not in body
    assert Commitment.objects.count() == 1
