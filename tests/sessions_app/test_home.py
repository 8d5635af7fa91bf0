import pytest
from django.urls import reverse

from tests.factories.members import FederationFactory, OrganisationFactory


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

    with django_assert_num_queries(1):
        response = client.get(reverse("home"))

    assert response.status_code == 200
