"""The catalogue's cached answers (facet counts, related practices) are reused until a practice
changes, and a change shows at once."""

import pytest
from django.urls import reverse

from practices.enums import MaturityDimension, PracticeStatus
from practices.services import curation
from tests.factories.practices import PracticeFactory, ThemeFactory
from tests.practices.test_curation import make_curator
from tests.practices.test_page_cache import without_csrf_token

LIST = reverse("practices:practice_list")


@pytest.fixture
def catalogue(db):
    theme = ThemeFactory(name="Payroll", slug="payroll")
    return [
        PracticeFactory(title=f"Shared tool {n}", themes=[theme], dimensions=[MaturityDimension.READINESS])
        for n in range(3)
    ]


def squash(html: str) -> str:
    return " ".join(html.split())


def test_the_same_query_is_answered_from_the_cache(client, catalogue, django_assert_num_queries):
    first = client.get(LIST, {"theme": "payroll"}).text

    with django_assert_num_queries(0):  # the page's results and facets, rendered once
        again = client.get(LIST, {"theme": "payroll"}).text
        fragment = client.get(LIST, {"theme": "payroll"}, headers={"HX-Request": "true"}).text

    assert without_csrf_token(again) == without_csrf_token(first)
    assert 'id="practice-facets"' in fragment
    assert "<html" not in fragment
    assert "csrf" not in fragment.lower()  # the shared parts hold no reader's token


def test_another_order_of_the_same_results_reuses_the_facet_counts(
    client, catalogue, django_assert_num_queries
):
    client.get(LIST)

    with django_assert_num_queries(3):  # the page of cards and its two prefetches: no facet query
        response = client.get(LIST, {"sort": "title"})

    assert "3 practices" in squash(response.text)


def test_a_publication_shows_in_the_counts_at_once(client, catalogue, django_capture_on_commit_callbacks):
    draft = PracticeFactory(
        title="Fresh cleaning tool",
        status=PracticeStatus.SUBMITTED,
        published_at=None,
        themes=[catalogue[0].themes.first()],
    )
    before = client.get(LIST).text
    curator = make_curator()

    with django_capture_on_commit_callbacks(execute=True):
        curation.practice_transition(
            practice=draft, to_status=PracticeStatus.IN_REVIEW, by=curator, site_url=""
        )
        curation.practice_transition(
            practice=draft, to_status=PracticeStatus.PUBLISHED, by=curator, site_url=""
        )
    after = client.get(LIST).text

    assert "3 practices" in squash(before)
    assert "Fresh cleaning tool" not in before
    assert "Fresh cleaning tool" in after
    assert "4 practices" in squash(after)
    assert 'Payroll <span class="facet-count">(4)</span>' in squash(after)


def test_related_practices_follow_changes(client, catalogue, django_capture_on_commit_callbacks):
    page = catalogue[0].get_absolute_url()
    first = client.get(page).text
    assert "Shared tool 1" in first

    archived = catalogue[1]
    with django_capture_on_commit_callbacks(execute=True):
        curation.practice_transition(
            practice=archived, to_status=PracticeStatus.ARCHIVED, by=make_curator(), site_url=""
        )

    assert "Shared tool 1" not in client.get(page).text.split("related", 1)[-1]
