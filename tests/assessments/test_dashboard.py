"""The federation needs dashboard: latest assessments aggregated in SQL, nothing from fewer than 5."""

import csv
import io
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Assessment, DimensionScore, Questionnaire
from assessments.selectors.dashboard import needs_dashboard
from members.enums import MembershipRole, OrganisationKind
from practices.enums import MaturityDimension
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory

DIMENSIONS = list(MaturityDimension.values)
FEWER = "fewer than 5"


def questionnaire() -> Questionnaire:
    return Questionnaire.objects.get_or_create(version=900, defaults={"title": "Dashboard test"})[0]


def assess(organisation, *, when: datetime, scores: list[float]) -> Assessment:
    """A completed assessment with these six dimension scores (overall: their mean)."""
    overall = Decimal(sum(scores) / len(scores)).quantize(Decimal("0.1"))
    assessment = Assessment.objects.create(
        organisation=organisation, questionnaire=questionnaire(), completed_at=when, overall=overall
    )
    DimensionScore.objects.bulk_create(
        [
            DimensionScore(assessment=assessment, dimension=dimension, score=Decimal(str(score)))
            for dimension, score in zip(DIMENSIONS, scores, strict=True)
        ]
    )
    return assessment


def cooperatives(federation, count: int, country: str) -> list:
    return [OrganisationFactory(parent=federation, country=country) for _ in range(count)]


@pytest.fixture
def federation(db):
    return FederationFactory(name="Legacoop test")


@pytest.fixture
def staff_client(client, federation):
    client.force_login(MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user)
    return client


def numbers_in(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def test_averages_use_each_cooperatives_latest_assessment(federation):
    early, late = datetime(2025, 1, 10, tzinfo=UTC), datetime(2025, 7, 10, tzinfo=UTC)
    for index, cooperative in enumerate(cooperatives(federation, 5, "IT")):
        assess(cooperative, when=early, scores=[0, 0, 0, 0, 0, 0])
        assess(cooperative, when=late, scores=[10 + index, 20, 30, 40, 50, 60])
    Assessment.objects.create(
        organisation=OrganisationFactory(parent=federation), questionnaire=questionnaire()
    )

    dashboard = needs_dashboard(federation)

    assert dashboard.members == 6
    assert dashboard.total.cooperatives == 5
    assert [cell.value for cell in dashboard.total.scores] == [
        Decimal("12.0"), Decimal("20.0"), Decimal("30.0"), Decimal("40.0"), Decimal("50.0"), Decimal("60.0"),
    ]  # fmt: skip
    assert dashboard.total.overall.value == Decimal("35.3")
    assert [gap.dimension for gap in dashboard.gaps] == DIMENSIONS[:3]
    assert [(point.label, point.overall.value) for point in dashboard.trend] == [
        ("2025 Q1", Decimal("0.0")),
        ("2025 Q3", Decimal("35.3")),
    ]


def test_a_confederation_sees_its_federations_cooperatives(db):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION)
    federations = [FederationFactory(parent=confederation) for _ in range(2)]
    for federation in federations:
        for cooperative in cooperatives(federation, 3, "ES"):
            assess(cooperative, when=datetime(2025, 3, 1, tzinfo=UTC), scores=[50] * 6)
    cooperatives(OrganisationFactory(kind=OrganisationKind.FEDERATION), 2, "ES")  # elsewhere

    dashboard = needs_dashboard(confederation)

    assert (dashboard.members, dashboard.total.cooperatives) == (6, 6)


def test_small_countries_are_pooled_and_a_too_small_pool_takes_the_next_smallest(federation):
    when = datetime(2025, 5, 1, tzinfo=UTC)
    for country, count, score in [("IT", 6, 60), ("ES", 5, 40), ("FR", 2, 11), ("DE", 1, 13)]:
        for cooperative in cooperatives(federation, count, country):
            assess(cooperative, when=when, scores=[score] * 6)

    dashboard = needs_dashboard(federation)

    rows = [(row.label, row.cooperatives, row.overall.value) for row in dashboard.countries]
    # FR + DE are 3: alone they could be worked out from the total, so Spain joins them.
    assert rows == [("Italy", 6, Decimal("60.0")), ("Other countries, together", 8, Decimal("29.4"))]


def test_the_page_and_csv_never_show_a_number_from_fewer_than_5(staff_client, federation):
    """Italy has 5, France 2, Germany 1; the second quarter has only 3 assessments."""
    q1, q2 = datetime(2025, 2, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC)
    for cooperative in cooperatives(federation, 5, "IT"):
        assess(cooperative, when=q1, scores=[50, 51, 52, 53, 54, 55])
    for cooperative in [*cooperatives(federation, 2, "FR"), *cooperatives(federation, 1, "DE")]:
        assess(cooperative, when=q2, scores=[17.3, 17.3, 17.3, 17.3, 17.3, 17.3])

    page = staff_client.get(reverse("assessments:needs_dashboard", args=[federation.slug]))
    export = staff_client.get(reverse("assessments:needs_csv", args=[federation.slug]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "17.3" not in html
    # Every table row: either its cooperatives are counted (5 or more) or every cell is hidden.
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.DOTALL):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)
        if cells and FEWER in cells[0]:
            assert all(cell.strip() == FEWER for cell in cells), row
        elif cells and numbers_in(cells[0]):
            assert int(cells[0]) >= 5
    assert "2025 Q2" in html
    lines = list(csv.reader(io.StringIO(export.content.decode())))
    assert export["Content-Type"].startswith("text/csv")
    for line in lines[1:]:
        count = line[1]
        if count == FEWER:
            assert all(cell in {FEWER, ""} for cell in line[1:]), line
        else:
            assert int(count) >= 5, line
    assert ["2025 Q2", FEWER, FEWER, *[""] * 6] in lines
    assert "17.3" not in export.content.decode()


def test_fewer_than_5_assessed_hides_everything(staff_client, federation):
    for cooperative in cooperatives(federation, 4, "IT"):
        assess(cooperative, when=datetime(2025, 2, 1, tzinfo=UTC), scores=[33.3] * 6)

    response = staff_client.get(reverse("assessments:needs_dashboard", args=[federation.slug]))

    html = response.content.decode()
    assert "33.3" not in html
    assert response.context["dashboard"].gaps == []
    main = html.split('id="main"', 1)[1]
    assert re.findall(r"<strong>(.*?)</strong>", main)[:3] == [FEWER, FEWER, FEWER]


def bulk_member_assessments(federation, count: int) -> None:
    countries = ["IT", "ES", "FR", "DE", "PT"]
    for index in range(count):
        cooperative = OrganisationFactory(parent=federation, country=countries[index % len(countries)])
        for month in (2, 8):
            assess(cooperative, when=datetime(2025, month, 1, tzinfo=UTC), scores=[index % 100] * 6)


@pytest.mark.parametrize("size", [6, 60], ids=["six", "sixty"])
def test_dashboard_queries_do_not_grow(staff_client, federation, django_assert_num_queries, size):
    bulk_member_assessments(federation, size)
    url = reverse("assessments:needs_dashboard", args=[federation.slug])

    with django_assert_num_queries(8):
        response = staff_client.get(url)

    assert response.context["dashboard"].total.cooperatives == size


@pytest.mark.parametrize("size", [6, 60], ids=["six", "sixty"])
def test_csv_queries_do_not_grow(staff_client, federation, django_assert_num_queries, size):
    bulk_member_assessments(federation, size)

    with django_assert_num_queries(8):
        response = staff_client.get(reverse("assessments:needs_csv", args=[federation.slug]))

    assert response.status_code == 200


def test_a_cooperative_has_no_needs_dashboard(client, db):
    cooperative = OrganisationFactory()
    client.force_login(MembershipFactory(organisation=cooperative, role=MembershipRole.STAFF).user)

    response = client.get(reverse("assessments:needs_dashboard", args=[cooperative.slug]))

    assert response.status_code == 404
