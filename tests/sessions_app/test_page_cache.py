"""Home and the programme report are cached for readers who do not manage the programme, and for
visitors every cached page is kept whole (portal.page_cache): a repeated visit costs no query, any
change shows on the next visit, and each visitor's page carries their own CSRF token."""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole
from members.services.organisations import organisation_set_active
from sessions_app.models import Session
from sessions_app.services import programmes as programme_services
from sessions_app.services import translations as translation_services
from tests.factories.members import FederationFactory, MembershipFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import ConfirmedRegistrationFactory, ProgrammeFactory, SessionFactory

HOME = reverse("home")


@pytest.fixture
def programme(db):
    return ProgrammeFactory(title="Digital transitions", organiser=FederationFactory(name="Lega Test"))


@pytest.fixture
def session(programme):
    return SessionFactory(programme=programme, number=1, title="Platforms and data")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` a write as it happens outside a test's transaction: then the cache forgets."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def report(programme) -> str:
    return reverse("sessions_app:programme_report", args=[programme.slug])


def test_a_second_anonymous_visit_of_home_and_report_costs_no_query(
    client, session, django_assert_num_queries
):
    client.get(HOME)
    client.get(report(session.programme))

    with django_assert_num_queries(0):
        assert "Platforms and data" in client.get(HOME).text
    with django_assert_num_queries(0):
        assert "Platforms and data" in client.get(report(session.programme)).text


def test_a_changed_session_title_shows_at_once_on_home_and_report(client, session, committed):
    client.get(HOME)
    client.get(report(session.programme))

    with committed():
        programme_services.session_update(session=session, title="Platforms, data and AI")

    assert "Platforms, data and AI" in client.get(HOME).text
    assert "Platforms, data and AI" in client.get(report(session.programme)).text


def test_a_new_translation_shows_at_once_to_its_readers_only(client, session, programme, committed):
    staff = MembershipFactory(organisation=programme.organiser, role=MembershipRole.STAFF).user
    client.get(HOME, headers={"accept-language": "it"})

    with committed():
        translation_services.session_translation_save(
            session=session, language="it", title="Piattaforme e dati", agenda="", by=staff
        )

    assert "Piattaforme e dati" in client.get(HOME, headers={"accept-language": "it"}).text
    english = client.get(HOME, headers={"accept-language": "en"}).text
    assert "Platforms and data" in english
    assert "Piattaforme e dati" not in english


def test_a_deactivated_federation_leaves_the_cached_home_at_once(client, db, committed):
    federation = FederationFactory(name="Coop Closing")
    assert "Coop Closing" in client.get(HOME).text

    with committed():
        organisation_set_active(organisations=[federation], active=False)

    assert "Coop Closing" not in client.get(HOME).text


def test_a_registration_counts_at_once_in_the_cached_report(client, session, committed):
    def member():  # the report counts people by their organisation's country
        return MembershipFactory(organisation__country="FI").user

    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    ConfirmedRegistrationFactory(session=session, user=member())
    assert "1 participant " in words(client.get(report(session.programme)).text)

    with committed():
        ConfirmedRegistrationFactory(session=session, user=member())

    assert "2 participants " in words(client.get(report(session.programme)).text)


def test_registrants_count_in_the_cached_report_once_their_session_starts(client, programme):
    # Nothing is written when a session starts: the cached report holds only until the next one starts.
    starting = SessionFactory(programme=programme, starts_at=timezone.now() + timedelta(seconds=3))
    ConfirmedRegistrationFactory(session=starting, user=MembershipFactory(organisation__country="FI").user)
    before = words(client.get(report(programme)).text)

    time.sleep(4)

    assert "0 participants " in before
    assert "1 participant " in words(client.get(report(programme)).text)


def test_the_programme_staff_get_their_links_never_the_cached_page(client, session, programme):
    staff = MembershipFactory(organisation=programme.organiser, role=MembershipRole.STAFF).user
    assert "Edit programme" not in client.get(report(programme)).text

    client.force_login(staff)

    assert "Edit programme" in client.get(report(programme)).text


def test_a_session_drops_out_of_the_cached_upcoming_list_when_it_ends(client, programme):
    # Nothing is written when a session ends: the cached home holds only until the first one listed ends.
    SessionFactory(
        programme=programme,
        title="Ending now",
        starts_at=timezone.now() - timedelta(minutes=59, seconds=58),
        duration_minutes=60,
    )
    assert "Ending now" in client.get(HOME).text

    time.sleep(3)

    assert "Ending now" not in client.get(HOME).text


# Whole pages for visitors (portal.page_cache.whole_page_for_visitors) -------------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.parametrize("url", ["home", "catalogue", "practice", "report"])
def test_each_visitor_gets_the_cached_page_with_a_token_of_their_own_that_works(db, session, url):
    practice = PracticeFactory()
    path = {
        "home": HOME,
        "catalogue": reverse("practices:practice_list"),
        "practice": practice.get_absolute_url(),
        "report": report(session.programme),
    }[url]
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(first.get(path).text).group(1)

    page = second.get(path).text  # from the cache

    token = TOKEN.search(page).group(1)
    assert first_token not in page
    assert f'"X-CSRFToken": "{token}"' in page
    switched = second.post(
        reverse("members:set_language"), {"language": "it", "next": path, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302  # not a 403: the token is the second visitor's own


def test_a_waiting_message_is_shown_not_hidden_by_the_cached_page(client, db):
    client.get(HOME)  # cached for visitors
    client.force_login(MembershipFactory().user)

    page = client.post(reverse("account_logout"), follow=True).text

    assert "You have signed out." in page


def test_a_signed_in_reader_never_gets_the_visitors_page(client, session):
    client.get(HOME)
    person = MembershipFactory(user__full_name="Aino Virtanen").user
    client.force_login(person)

    page = client.get(HOME).text

    assert "Signed in as Aino Virtanen" in page


def test_signed_in_readers_share_the_rendered_federations_until_one_changes(client, db, committed):
    member = MembershipFactory(organisation__parent=FederationFactory(name="Lega Test")).user
    client.force_login(member)
    client.get(HOME)  # renders the federations once, for everyone
    with committed():
        newcomer = FederationFactory(name="Pellervo Coop Center")

    page = client.get(HOME).text
    with committed():
        organisation_set_active(organisations=[newcomer], active=False)

    assert "Pellervo Coop Center" in page
    assert "Pellervo Coop Center" not in client.get(HOME).text
    assert "Lega Test" in page


def test_a_signed_in_readers_home_does_not_count_the_federations_again(client, db, django_assert_num_queries):
    client.force_login(MembershipFactory().user)
    client.get(HOME)

    # The session, the person, their staff roles, their membership, upcoming sessions, the featured
    # programme: none for the federations.
    with django_assert_num_queries(6):
        page = client.get(HOME).text

    assert '<h2 id="federations-heading">Federations taking part</h2>' in page  # markup, not escaped text
