from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.enums import ProgrammeStatus, SessionStatus
from tests.factories.members import FederationFactory, OrganisationFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory


def make_federations(count: int) -> None:
    for federation in FederationFactory.create_batch(count):
        OrganisationFactory.create_batch(2, parent=federation)


@pytest.mark.django_db
def test_home_lists_federations_by_country_with_member_counts(client):
    italy = FederationFactory(name="Lega Test", country="IT")
    OrganisationFactory.create_batch(3, parent=italy)
    OrganisationFactory(parent=italy, is_active=False)

    page = client.get(reverse("home")).text

    assert "Italy" in page
    assert "Lega Test" in page
    assert "3 member organisations" in page


@pytest.mark.django_db
def test_home_without_federations_says_what_to_do(client):
    page = client.get(reverse("home")).text

    assert "No federations yet." in page


@pytest.mark.django_db
@pytest.mark.parametrize("federations", [3, 30], ids=["3-federations", "30-federations"])
def test_home_query_count_does_not_grow_with_federations(client, django_assert_num_queries, federations):
    make_federations(federations)

    with django_assert_num_queries(3):  # federations, upcoming sessions, the featured programme
        response = client.get(reverse("home"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("sessions", [2, 12], ids=["2-sessions", "12-sessions"])
def test_home_query_count_does_not_grow_with_sessions(client, django_assert_num_queries, sessions):
    programme = ProgrammeFactory()
    for number in range(1, sessions + 1):
        SessionFactory(programme=programme, number=number, starts_at=timezone.now() + timedelta(days=number))

    with django_assert_num_queries(3):
        response = client.get(reverse("home"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_home_features_the_programme_of_the_next_session_and_lists_upcoming_ones(client):
    now = timezone.now()
    ProgrammeFactory(title="Finished one", status=ProgrammeStatus.COMPLETED)
    current = ProgrammeFactory(title="Running one")
    SessionFactory(programme=current, title="Soonest", starts_at=now + timedelta(days=2))
    SessionFactory(programme=current, title="Later", starts_at=now + timedelta(days=9))
    SessionFactory(programme=current, title="Called off", starts_at=now + timedelta(days=3),
                   status=SessionStatus.CANCELLED)  # fmt: skip
    SessionFactory(programme=ProgrammeFactory(status=ProgrammeStatus.DRAFT), title="Hidden draft session")

    page = client.get(reverse("home")).text

    assert "Current programme" in page
    assert "Running one" in page
    assert "Finished one" not in page
    assert page.index("Soonest") < page.index("Later")
    assert "Hidden draft session" not in page


@pytest.mark.django_db
def test_home_shows_the_latest_programme_when_nothing_is_coming(client):
    programme = ProgrammeFactory(title="Finished one", status=ProgrammeStatus.COMPLETED)
    SessionFactory(programme=programme, starts_at=timezone.now() - timedelta(days=40))

    page = client.get(reverse("home")).text

    assert "Latest programme" in page
    assert "Finished one" in page
    assert "No upcoming sessions." in page


@pytest.mark.django_db
def test_home_without_programmes_says_so(client):
    page = client.get(reverse("home")).text

    assert "No programme has been announced yet." in page
    assert "No upcoming sessions." in page
