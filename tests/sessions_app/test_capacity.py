"""Raising a session's capacity gives the new seats to the people waiting, in order, and tells them."""

import pytest

from sessions_app.enums import RegistrationStatus
from sessions_app.services.programmes import session_update
from sessions_app.services.registrations import registration_create
from tests.factories.members import UserFactory
from tests.factories.sessions import SessionFactory


@pytest.fixture
def full_session(db):
    session = SessionFactory(capacity=1)
    people = UserFactory.create_batch(4)
    for person in people:
        registration_create(session=session, user=person)
    return session, people


def statuses(session, people) -> list[str]:
    by_user = {r.user_id: r.status for r in session.registrations.all()}
    return [by_user[person.pk] for person in people]


def test_raising_capacity_promotes_the_first_people_waiting(
    full_session, mailoutbox, django_capture_on_commit_callbacks
):
    session, people = full_session
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, capacity=3)

    confirmed, waitlisted = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED
    assert statuses(session, people) == [confirmed, confirmed, confirmed, waitlisted]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people[1].email, people[2].email])


def test_removing_the_limit_seats_everyone(full_session, django_capture_on_commit_callbacks):
    session, people = full_session

    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, capacity=None)

    assert set(statuses(session, people)) == {RegistrationStatus.CONFIRMED}


def test_lowering_capacity_takes_no_seat_away(full_session):
    session, people = full_session

    session_update(session=session, capacity=0)

    assert statuses(session, people)[0] == RegistrationStatus.CONFIRMED
