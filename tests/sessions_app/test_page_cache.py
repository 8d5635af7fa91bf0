"""Home and the programme report are cached for readers who do not manage the programme
(portal.page_cache): a repeated visit costs no query for them, and any change shows on the next visit."""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole
from members.services.organisations import organisation_set_active
from sessions_app.services import programmes as programme_services
from sessions_app.services import registrations as registration_services
from sessions_app.services import translations as translation_services
from tests.factories.members import FederationFactory, MembershipFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory

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
    with django_assert_num_queries(2):  # the programme and its co-hosts: they decide 404 before the cache
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

    registration_services.registration_create(session=session, user=member())
    assert "1 participant " in words(client.get(report(session.programme)).text)

    with committed():
        registration_services.registration_create(session=session, user=member())

    assert "2 participants " in words(client.get(report(session.programme)).text)


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
