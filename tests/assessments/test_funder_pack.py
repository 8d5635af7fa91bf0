"""The funder pack: a programme's indicators on one page, as CSV and as JSON."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.enums import CommitmentStatus
from assessments.services.commitments import checkin_answer
from members.enums import MembershipRole
from sessions_app.enums import SessionStatus
from sessions_app.models import Registration
from tests.assessments.test_commitments import commit, held_session
from tests.assessments.test_dashboard import assess
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory

ACKNOWLEDGEMENT = "Funded by the European Union under grant 101-TEST."


def take_part(session, organisation):
    user = MembershipFactory(organisation=organisation).user
    Registration.objects.create(session=session, user=user, status="confirmed")
    return user


@pytest.fixture
def world(db):
    organiser = FederationFactory(name="Organising federation")
    programme = ProgrammeFactory(organiser=organiser, funding_acknowledgement=ACKNOWLEDGEMENT)
    now = timezone.now()
    first = held_session(programme, number=1, starts_at=now - timedelta(days=60))
    second = held_session(programme, number=2, starts_at=now - timedelta(days=10))
    SessionFactory(programme=programme, number=3, status=SessionStatus.CANCELLED)
    federations = [FederationFactory(name=f"Federation {name}", country="IT") for name in ("A", "B")]
    cooperatives = [OrganisationFactory(parent=federations[i % 2], country="ES") for i in range(6)]
    for index, cooperative in enumerate(cooperatives):
        take_part(first if index % 2 else second, cooperative)
        assess(cooperative, when=now - timedelta(days=200), scores=[40] * 6)  # before: the baseline
        assess(cooperative, when=now - timedelta(days=30), scores=[40 + index] * 6)  # during
    take_part(first, federations[0])
    adopted = commit(first, cooperatives[0])
    commit(second, cooperatives[1])
    checkin_answer(checkin=adopted.checkins.get(months=3), status=CommitmentStatus.ADOPTED, note="")
    staff = MembershipFactory(organisation=organiser, role=MembershipRole.STAFF).user
    return {"programme": programme, "staff": staff, "organiser": organiser}


def test_the_page_shows_the_indicators_and_the_acknowledgement(client, world):
    client.force_login(world["staff"])

    response = client.get(reverse("assessments:funder_pack", args=[world["programme"].slug]))

    pack = response.context["pack"]
    assert response.status_code == 200
    assert ACKNOWLEDGEMENT in response.content.decode()
    assert pack.sessions_held == 2
    assert pack.report.participants == 7
    assert [row.country.code for row in pack.report.countries] == ["ES", "IT"]
    assert pack.federations == ["Federation A", "Federation B"]
    assert len(pack.report.practices) == 2
    assert (pack.commitments_made, pack.commitments_adopted) == (2, 1)
    assert pack.assessments_taken == 6
    assert pack.cooperatives_compared == 6
    assert str(pack.average_change) == "2.5"  # (0 + 1 + ... + 5) / 6


def test_json_and_csv_carry_the_same_indicators(client, world):
    client.force_login(world["staff"])
    slug = world["programme"].slug

    data = json.loads(client.get(reverse("assessments:funder_pack_json", args=[slug])).content)
    rows = dict(
        csv.reader(
            io.StringIO(client.get(reverse("assessments:funder_pack_csv", args=[slug])).content.decode())
        )
    )

    assert data["sessions_held"] == 2
    assert data["commitments_adopted"] == 1
    assert data["average_change_in_overall_score"] == "2.5"
    assert data["funding_acknowledgement"] == ACKNOWLEDGEMENT
    assert rows["participants"] == "7"
    assert rows["federations"] == "Federation A; Federation B"
    assert rows["average_change_in_overall_score"] == "2.5"


def test_the_average_change_of_fewer_than_5_cooperatives_is_hidden(client, db):
    organiser = FederationFactory()
    programme = ProgrammeFactory(organiser=organiser)
    session = held_session(programme, starts_at=timezone.now() - timedelta(days=5))
    for index in range(4):
        cooperative = OrganisationFactory(parent=organiser)
        take_part(session, cooperative)
        assess(cooperative, when=timezone.now() - timedelta(days=50), scores=[10] * 6)
        assess(cooperative, when=timezone.now() - timedelta(days=1), scores=[23.7 + index] * 6)
    client.force_login(MembershipFactory(organisation=organiser, role=MembershipRole.STAFF).user)

    page = client.get(reverse("assessments:funder_pack", args=[programme.slug]))
    data = json.loads(client.get(reverse("assessments:funder_pack_json", args=[programme.slug])).content)

    assert data["average_change_in_overall_score"] is None
    assert data["cooperatives_compared"] is None
    assert "fewer than 5" in page.content.decode()


@pytest.mark.parametrize("size", [3, 30], ids=["few", "many"])
def test_funder_pack_queries_do_not_grow(client, db, django_assert_num_queries, size):
    organiser = FederationFactory()
    programme = ProgrammeFactory(organiser=organiser)
    session = held_session(programme)
    for _ in range(size):
        cooperative = OrganisationFactory(parent=organiser)
        take_part(session, cooperative)
        assess(cooperative, when=timezone.now() - timedelta(hours=1), scores=[50] * 6)
    client.force_login(MembershipFactory(organisation=organiser, role=MembershipRole.STAFF).user)

    with django_assert_num_queries(14):
        response = client.get(reverse("assessments:funder_pack", args=[programme.slug]))

    assert response.context["pack"].report.participants == size


def test_a_draft_programme_is_not_found_for_other_staff(client, db):
    programme = ProgrammeFactory(status="draft")
    client.force_login(MembershipFactory(organisation=FederationFactory(), role=MembershipRole.STAFF).user)

    response = client.get(reverse("assessments:funder_pack", args=[programme.slug]))

    assert response.status_code == 404
