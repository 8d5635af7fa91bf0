"""The organisation page shows the practices it owns and the programmes it organised or co-hosted."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import Organisation


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_owner_page_lists_its_published_practice(client, demo):
    page = client.get(reverse("members:organisation_detail", args=["drimlab"])).text

    assert "Good practices" in page
    assert "metaverse" in page


def test_organiser_and_co_host_pages_list_the_programme(client, demo):
    organiser = client.get(reverse("members:organisation_detail", args=["cecop"])).text
    co_host = client.get(
        reverse("members:organisation_detail", args=["confcooperative-lavoro-e-servizi"])
    ).text

    assert "Programmes organised or co-hosted" in organiser
    assert "How can federations support cooperatives in the digital transitions?" in organiser
    assert "organiser" in organiser
    assert "How can federations support cooperatives in the digital transitions?" in co_host
    assert "co-host" in co_host


def test_organisation_without_practices_or_programmes_shows_neither_section(client, demo):
    page = client.get(reverse("members:organisation_detail", args=["demo-federation-fi"])).text

    assert "Good practices" not in page
    assert "Programmes organised or co-hosted" not in page


@pytest.mark.parametrize("extra", [0, 15], ids=["seed", "seed+15-practices"])
def test_organisation_page_query_count_is_constant(client, demo, django_assert_num_queries, extra):
    from practices.models import Practice

    drimlab = Organisation.objects.get(slug="drimlab")
    for n in range(extra):
        Practice.objects.create(
            title=f"Practice {n}", slug=f"practice-{n}", owner=drimlab, summary="s", status="published"
        )

    with django_assert_num_queries(5):
        client.get(reverse("members:organisation_detail", args=["drimlab"]))
