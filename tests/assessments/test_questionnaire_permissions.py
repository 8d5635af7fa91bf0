"""Who may start, take and see a cooperative's self-assessment (beneath a federation)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment
from assessments.services import assessments as services
from members.enums import MembershipRole
from tests.factories.assessments import AssessmentFactory, even_scores
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory

ALLOWED, DENIED, NOT_FOUND, SIGN_IN = "allowed", "denied", "not-found", "sign-in"
PUBLIC: set[str] = set()  # the self-assessment is for signed-in staff only
PEOPLE = ["anonymous", "member", "other_federation_staff", "cooperative_staff", "federation_staff", "admin"]
SIGNED_IN = {**dict.fromkeys(PEOPLE, ALLOWED), "anonymous": SIGN_IN}
STAFF = {
    "anonymous": SIGN_IN,
    "member": DENIED,
    "other_federation_staff": DENIED,
    "cooperative_staff": ALLOWED,
    "federation_staff": ALLOWED,
    "admin": ALLOWED,
}
STAFF_ELSE_NOT_FOUND = {who: NOT_FOUND if rule == DENIED else rule for who, rule in STAFF.items()}
# url name, method, status when allowed, who is allowed
ENDPOINTS = [
    ("assessments:assessment_home", "get", 200, SIGNED_IN),
    ("assessments:assessment_start", "post", 302, STAFF),
    ("assessments:assessment_take", "get", 200, STAFF_ELSE_NOT_FOUND),
    ("assessments:assessment_result", "get", 200, STAFF_ELSE_NOT_FOUND),
]
SECRET_SCORE = "12.3"


@pytest.fixture
def world(db):
    federation = FederationFactory()
    cooperative = OrganisationFactory(parent=federation, name="Secret Coop")
    people = {
        "anonymous": None,
        "member": MembershipFactory(organisation=cooperative).user,
        "other_federation_staff": MembershipFactory(
            organisation=FederationFactory(), role=MembershipRole.STAFF
        ).user,
        "cooperative_staff": MembershipFactory(organisation=cooperative, role=MembershipRole.STAFF).user,
        "federation_staff": MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user,
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    completed = AssessmentFactory(
        organisation=cooperative, overall=Decimal(SECRET_SCORE), scores=even_scores("12.3")
    )
    in_progress = services.assessment_start(organisation=cooperative, user=people["cooperative_staff"])
    return {"cooperative": cooperative, "people": people, "completed": completed, "in_progress": in_progress}


def url_for(name: str, world: dict) -> str:
    if name == "assessments:assessment_start":
        return reverse(name, args=[world["cooperative"].slug])
    if name == "assessments:assessment_take":
        return reverse(name, args=[world["in_progress"].pk])
    if name == "assessments:assessment_result":
        return reverse(name, args=[world["completed"].pk])
    return reverse(name)


@pytest.mark.parametrize("who", PEOPLE, ids=PEOPLE)
@pytest.mark.parametrize(("name", "method", "ok_status", "rule"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_assessment_pages_permission_matrix(client, world, who, name, method, ok_status, rule):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)

    response = getattr(client, method)(url_for(name, world))

    expected = rule[who]
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DENIED:
        assert response.status_code == 403
    elif expected == NOT_FOUND:
        assert response.status_code == 404
    else:
        assert response.status_code == ok_status
    if rule[who] != ALLOWED or (rule is SIGNED_IN and who in ("member", "other_federation_staff")):
        page = response.content.decode()
        assert "Secret Coop" not in page
        assert SECRET_SCORE not in page
    assert Assessment.objects.count() == 2


@pytest.mark.parametrize("who", ["member", "other_federation_staff"])
def test_posting_answers_to_someone_elses_assessment_is_not_found(client, world, who):
    question = world["in_progress"].questionnaire.questions.first()
    client.force_login(world["people"][who])

    response = client.post(
        reverse("assessments:assessment_take", args=[world["in_progress"].pk]),
        {f"q{question.pk}": str(question.options.first().pk), "finish": "1"},
    )

    assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_start_refuses_get(client, world):
    client.force_login(world["people"]["admin"])

    response = client.get(url_for("assessments:assessment_start", world))

    assert response.status_code == 405


@pytest.mark.parametrize("slug", ["no-such-cooperative", "federation"], ids=["unknown", "not-a-cooperative"])
def test_start_for_an_unknown_cooperative_is_not_found(client, world, slug):
    client.force_login(world["people"]["admin"])
    if slug == "federation":
        slug = world["cooperative"].parent.slug

    response = client.post(reverse("assessments:assessment_start", args=[slug]))

    assert response.status_code == 404


def test_an_unknown_assessment_is_not_found(client, world):
    client.force_login(world["people"]["admin"])

    assert client.get(reverse("assessments:assessment_result", args=[99999])).status_code == 404
    assert client.get(reverse("assessments:assessment_take", args=[99999])).status_code == 404
