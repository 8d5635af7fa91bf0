"""Export my data and delete my account cover every app, not only members."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from members.selectors.accounts import user_data_export
from members.services.accounts import user_delete
from practices.models import AdoptionInterest, Bookmark
from sessions_app.enums import RegistrationStatus
from sessions_app.models import CalendarFeed, Feedback, Registration
from sessions_app.services.calendars import calendar_feed_reset
from sessions_app.services.registrations import registration_create
from tests.factories.members import MembershipFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import SessionFactory


@pytest.fixture
def person_with_history(db):
    person = MembershipFactory(user__full_name="Ana Cooper").user
    session = SessionFactory(capacity=1, title="Data and cooperatives")
    registration_create(session=session, user=person)
    waiting = UserFactory()
    registration_create(session=session, user=waiting)
    practice = PracticeFactory(title="Shared platform")
    AdoptionInterest.objects.create(practice=practice, user=person, message="We would like to try it")
    Bookmark.objects.create(user=person, practice=practice)
    Feedback.objects.create(session=session, user=person, rating=4, comment="Ana liked it")
    calendar_feed_reset(user=person)
    return person, waiting, session


def test_export_holds_registrations_feedback_interests_and_bookmarks(person_with_history):
    person, _, _ = person_with_history

    data = json.loads(json.dumps(user_data_export(person), cls=DjangoJSONEncoder))

    assert [r["session"] for r in data["registrations"]] == ["Data and cooperatives"]
    assert data["feedback"][0]["comment"] == "Ana liked it"
    assert data["practice_interests"][0]["message"] == "We would like to try it"
    assert data["bookmarks"] == ["Shared platform"]
    assert data["calendar_feed"] is True


def test_deleting_gives_up_upcoming_places_and_forgets_what_was_written(
    person_with_history, django_capture_on_commit_callbacks
):
    person, waiting, session = person_with_history

    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=person)

    assert Registration.objects.get(session=session, user=waiting).status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(session=session, user=person).status == RegistrationStatus.CANCELLED
    feedback = Feedback.objects.get(session=session)
    assert (feedback.rating, feedback.comment, feedback.user) == (4, "", None)
    assert not AdoptionInterest.objects.exists()
    assert not Bookmark.objects.exists()
    assert not CalendarFeed.objects.exists()
