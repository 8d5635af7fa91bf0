"""A visitor's htmx fragment of the catalogue is answered from the cache before sessions, CSRF and
authentication run (portal.fragment_cache): the same bytes and headers as a render, in the visitor's
language, forgotten on the next change; anyone who may be signed in or has a message waiting, and any
answer holding a reader's CSRF token, goes through the stack as before."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal.fragment_cache import _slot
from tests.factories.members import MembershipFactory
from tests.factories.practices import PracticeFactory

CATALOGUE = reverse("practices:practice_list")
HTMX = {"HTTP_HX_REQUEST": "true"}
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_stored_fragment_answers_as_a_render_does_without_a_query_until_the_catalogue_changes(
    db, committed, django_assert_num_queries
):
    PracticeFactory(title="Shared platform for home care")
    rendered = Client().get(CATALOGUE, **HTMX)

    with django_assert_num_queries(0):  # not even the session: no session middleware ran
        stored = Client().get(CATALOGUE, **HTMX)
    with committed():
        PracticeFactory(title="Cooperative data trust")
    after_change = Client().get(CATALOGUE, **HTMX)

    assert not hasattr(stored.wsgi_request, "session")  # answered before the session middleware
    assert stored.content == rendered.content
    assert "Shared platform for home care" in stored.text
    assert "<html" not in stored.text
    for header in ("Content-Type", "Vary", "Content-Language", "X-Frame-Options", "Content-Security-Policy"):
        assert stored[header] == rendered[header], header
    assert "HX-Request" in stored["Vary"]  # a shared cache keeps page and results apart
    assert "Cooperative data trust" in after_change.text


def test_each_search_gets_its_own_fragment(db):
    PracticeFactory(title="Shared platform for home care")
    PracticeFactory(title="Cooperative data trust")
    Client().get(CATALOGUE, {"q": "platform"}, **HTMX)
    Client().get(CATALOGUE, {"q": "trust"}, **HTMX)

    platform = Client().get(CATALOGUE, {"q": "platform"}, **HTMX).text
    trust = Client().get(CATALOGUE, {"q": "trust"}, **HTMX).text

    assert "Shared platform for home care" in platform
    assert "Cooperative data trust" not in platform
    assert "Cooperative data trust" in trust
    assert "Shared platform for home care" not in trust


def test_going_back_in_history_gets_the_whole_page_not_the_stored_fragment(db):
    PracticeFactory()
    Client().get(CATALOGUE, **HTMX)

    restored = Client().get(CATALOGUE, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)

    assert "<html" in restored.text


def test_a_host_not_allowed_is_refused_not_answered_from_the_cache(db):
    PracticeFactory()
    Client().get(CATALOGUE, **HTMX)

    forged = Client().get(CATALOGUE, HTTP_HOST="attacker.example", **HTMX)

    assert forged.status_code == 400


def test_each_language_gets_its_own_fragment(db):
    PracticeFactory()
    english = Client().get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="en", **HTMX)
    Client().get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="it", **HTMX)  # stored

    italian = Client().get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="it", **HTMX)
    chosen = Client()
    chosen.cookies["django_language"] = "it"
    by_cookie = chosen.get(CATALOGUE, **HTMX)

    assert (english["Content-Language"], italian["Content-Language"], by_cookie["Content-Language"]) == (
        "en",
        "it",
        "it",
    )
    assert italian.content != english.content
    assert by_cookie.content == italian.content


def test_a_signed_in_reader_gets_the_fragment_in_their_profiles_language_not_the_browsers(client, db):
    PracticeFactory()
    visitors = Client().get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="en", **HTMX)  # stored for English visitors
    client.force_login(MembershipFactory(user__preferred_language="it").user)

    response = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="en", **HTMX)

    assert visitors["Content-Language"] == "en"
    assert response["Content-Language"] == "it"
    assert response.content != visitors.content


def test_a_visitor_with_a_message_waiting_goes_through_the_stack(client, db):
    PracticeFactory()
    Client().get(CATALOGUE, **HTMX)
    client.cookies["messages"] = "anything"

    response = client.get(CATALOGUE, **HTMX)

    assert hasattr(response.wsgi_request, "session")  # not answered early: the message is shown


@pytest.mark.urls("tests.portal.fragment_urls")
def test_an_htmx_answer_holding_the_readers_token_is_never_stored(db):
    """A view that takes part but answers with a form: each visitor must get a token of their own."""
    first = Client().get("/form/", **HTMX)
    second = Client().get("/form/", **HTMX)

    first_token, second_token = (FORM_TOKEN.search(r.text).group(1) for r in (first, second))
    assert first_token != second_token
    assert hasattr(second.wsgi_request, "session")  # rendered again, not answered from the cache


def test_the_browser_time_zone_keys_the_fragment(db):
    """The catalogue shows no times today; a fragment that does must not reach readers in another zone."""

    def slot(zone: str | None):
        client = Client()
        if zone:
            client.cookies["browser_tz"] = zone
        return _slot(client.get(CATALOGUE, **HTMX).wsgi_request)[1]

    assert slot("Europe/Rome") != slot("Europe/Helsinki")
    assert slot(None) == slot("Not/AZone")  # an unknown zone is the default
