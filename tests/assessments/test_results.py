"""The result page: radar and table, change since the previous assessment, the two weakest dimensions,
recommended practices ranked by fit and upcoming sessions on them; constant queries as data grows."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.selectors.results import recommended_practices
from members.enums import MembershipRole
from practices.enums import CostBand, MaturityDimension, PracticeStatus, SetupTime
from practices.models import Adoption
from sessions_app.enums import SessionStatus
from tests.factories.assessments import DIMENSIONS, AssessmentFactory, even_scores
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import SessionFactory

STRATEGY, READINESS, HUMAN, DATA, AUTOMATION, GREEN = DIMENSIONS
FIRST = {STRATEGY: "50.0", READINESS: "25.0", HUMAN: "40.0", DATA: "60.0", AUTOMATION: "30.0", GREEN: "70.0"}
SECOND = {STRATEGY: "62.5", READINESS: "22.0", HUMAN: "45.0", DATA: "60.0", AUTOMATION: "20.0", GREEN: "75.0"}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def cooperative(db):
    return OrganisationFactory(parent=FederationFactory(), name="Coop Uno", country="FI")


@pytest.fixture
def staff(cooperative):
    return MembershipFactory(organisation=cooperative, role=MembershipRole.STAFF).user


def assessed_twice(cooperative):
    now = timezone.now()
    AssessmentFactory(
        organisation=cooperative,
        completed_at=now - timedelta(days=200),
        overall=Decimal("45.8"),
        scores=FIRST,
    )
    return AssessmentFactory(
        organisation=cooperative,
        completed_at=now - timedelta(days=10),
        overall=Decimal("47.4"),
        scores=SECOND,
    )


def test_result_shows_the_radar_the_table_and_the_change(client, cooperative, staff):
    client.force_login(staff)
    latest = assessed_twice(cooperative)

    response = client.get(latest.get_absolute_url())

    html, text = response.content.decode(), text_of(response)
    assert response.status_code == 200
    assert '<svg class="radar-chart" role="img"' in html
    assert '<title id="radar-chart-title">' in html
    assert "radar-previous" in html
    assert "Digital business strategy 62.5 50.0 +12.5" in text
    assert "Automation and artificial intelligence weakest 20.0 30.0 \u221210.0" in text
    assert "Data management and governance 60.0 60.0 \u00b10.0" in text
    assert "Overall 47.4 45.8 +1.6" in text


def test_result_names_the_two_weakest_dimensions(client, cooperative, staff):
    client.force_login(staff)
    latest = assessed_twice(cooperative)

    text = text_of(client.get(latest.get_absolute_url()))

    weakest = text.split("your two weakest dimensions")[1].split("Recommended practices")[0]
    assert weakest.strip() == (
        "Automation and artificial intelligence : 20.0 / 100 (\u221210.0) "
        "Digital readiness : 22.0 / 100 (\u22123.0)"
    )


def test_the_first_assessment_has_no_change_column(client, cooperative, staff):
    client.force_login(staff)
    only = AssessmentFactory(organisation=cooperative, scores=even_scores("50.0"))

    response = client.get(only.get_absolute_url())

    assert "Previous" not in text_of(response)
    assert "radar-previous" not in response.content.decode()


def test_recommended_practices_rank_by_match_then_cost_and_setup_then_adoptions(db):
    weak = [AUTOMATION, READINESS]
    both = PracticeFactory(title="Both", dimensions=weak, cost_band=CostBand.HIGH)
    cheap = PracticeFactory(title="Cheap", dimensions=[READINESS], cost_band=CostBand.LOW)
    cheap_quick = PracticeFactory(
        title="Cheap quick",
        dimensions=[AUTOMATION],
        cost_band=CostBand.LOW,
        setup_time=SetupTime.UNDER_3_MONTHS,
    )
    unstated = PracticeFactory(title="Unstated", dimensions=[READINESS])
    travelled = PracticeFactory(
        title="Travelled", dimensions=[READINESS], owner=OrganisationFactory(country="IT")
    )
    for country in ["SE", "PL", "IT"]:  # Italy is its own country: not "another" one
        Adoption.objects.create(
            practice=travelled, organisation=OrganisationFactory(country=country), story="-"
        )
    PracticeFactory(title="Other dimension", dimensions=[GREEN])
    PracticeFactory(title="Draft", dimensions=weak, status=PracticeStatus.DRAFT)

    ranked = recommended_practices(weak)

    assert [p.title for p in ranked] == ["Both", "Cheap quick", "Cheap", "Travelled", "Unstated"]
    assert [p.match_count for p in ranked] == [2, 1, 1, 1, 1]
    assert ranked[3].adopted_countries == 2
    assert ranked[0].matched_labels == [
        str(MaturityDimension.READINESS.label),
        str(MaturityDimension.AUTOMATION_AI.label),
    ]
    assert {both, cheap, cheap_quick, unstated, travelled} == set(ranked)


def test_result_recommends_practices_and_upcoming_sessions_on_the_weakest(client, cooperative, staff):
    client.force_login(staff)
    latest = assessed_twice(cooperative)
    practice = PracticeFactory(
        title="Robots with the workers", dimensions=[AUTOMATION], cost_band=CostBand.LOW, owner__country="SE"
    )
    Adoption.objects.create(practice=practice, organisation=OrganisationFactory(country="RO"), story="-")
    PracticeFactory(title="Solar servers", dimensions=[GREEN])
    SessionFactory(title="Automation together", practices=[practice])
    SessionFactory(
        title="Past automation", practices=[practice], starts_at=timezone.now() - timedelta(days=3)
    )
    SessionFactory(title="Cancelled automation", practices=[practice], status=SessionStatus.CANCELLED)
    SessionFactory(title="Green session", practices=[PracticeFactory(dimensions=[GREEN])])

    text = text_of(client.get(latest.get_absolute_url()))

    assert "Robots with the workers" in text
    assert "tagged with Automation and artificial intelligence; low cost" in text
    assert "already adopted in 1 other country" in text
    assert "Solar servers" not in text
    assert "Automation together" in text
    for hidden in ["Past automation", "Cancelled automation", "Green session"]:
        assert hidden not in text


def grow(size: int) -> None:
    """``size`` cooperatives of another federation, each assessed twice; practices on every dimension."""
    federation = FederationFactory()
    for i in range(size):
        other = OrganisationFactory(parent=federation)
        AssessmentFactory(organisation=other, scores=even_scores("40.0"))
        AssessmentFactory(organisation=other, scores=even_scores("60.0"))
        PracticeFactory(dimensions=[DIMENSIONS[i % 6], DIMENSIONS[(i + 1) % 6]])
        SessionFactory(practices=[PracticeFactory(dimensions=[DIMENSIONS[i % 6]])])


@pytest.mark.parametrize("size", [2, 20], ids=["small", "tenfold"])
def test_result_queries_do_not_grow_with_the_data(
    client, cooperative, staff, django_assert_num_queries, size
):
    latest = assessed_twice(cooperative)
    for _ in range(size // 2):
        AssessmentFactory(organisation=cooperative, completed_at=timezone.now() - timedelta(days=400))
    grow(size)
    client.force_login(staff)

    with django_assert_num_queries(11):
        response = client.get(latest.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 20], ids=["small", "tenfold"])
def test_home_queries_do_not_grow_with_the_data(db, client, django_assert_num_queries, size):
    federation = FederationFactory()
    staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user
    for _ in range(size):
        cooperative = OrganisationFactory(parent=federation)
        AssessmentFactory(organisation=cooperative, scores=even_scores("40.0"))
        AssessmentFactory(organisation=cooperative, completed_at=None, overall=None)
    client.force_login(staff)

    with django_assert_num_queries(8):
        response = client.get(reverse("assessments:assessment_home"))

    assert response.status_code == 200
    assert text_of(response).count("Continue answering") == size


def test_an_in_progress_assessment_result_opens_the_questionnaire(client, cooperative, staff):
    client.force_login(staff)
    unfinished = AssessmentFactory(organisation=cooperative, completed_at=None, overall=None)

    response = client.get(unfinished.get_absolute_url())

    assert response.url == reverse("assessments:assessment_take", args=[unfinished.pk])


def test_federation_staff_see_their_cooperatives_result_but_not_take_another_federations(client, cooperative):
    latest = assessed_twice(cooperative)
    federation_staff = MembershipFactory(organisation=cooperative.parent, role=MembershipRole.STAFF).user
    client.force_login(federation_staff)

    assert client.get(latest.get_absolute_url()).status_code == 200
    client.force_login(UserFactory())
    assert client.get(latest.get_absolute_url()).status_code == 404
