"""Calendars never outlive or outreach what the person may see."""

import pytest
from django.urls import reverse

from members.models import Membership
from sessions_app.enums import Visibility
from sessions_app.services.calendars import calendar_feed_reset
from sessions_app.services.registrations import registration_create
from tests.factories.members import MembershipFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory


@pytest.fixture
def members_only_session(db):
    return SessionFactory(programme=ProgrammeFactory(visibility=Visibility.MEMBERS), title="Members' talk")


def test_personal_feed_drops_members_only_sessions_after_leaving(client, members_only_session):
    person = MembershipFactory().user
    registration_create(session=members_only_session, user=person)
    url = reverse("sessions_app:personal_feed", args=[calendar_feed_reset(user=person).token])
    before = client.get(url).content.decode()

    Membership.objects.filter(user=person).delete()
    after = client.get(url).content.decode()

    assert "Members' talk" in before
    assert "Members' talk" not in after
    assert "secret-room" not in after


def test_members_only_calendar_is_not_cached_publicly(client, members_only_session):
    client.force_login(MembershipFactory().user)
    programme = members_only_session.programme

    response = client.get(reverse("sessions_app:programme_ics", args=[programme.slug]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_public_calendar_may_be_cached(client, db):
    session = SessionFactory()

    response = client.get(reverse("sessions_app:session_ics", args=[session.programme.slug, session.number]))

    assert response["Cache-Control"].startswith("public")
