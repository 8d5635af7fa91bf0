"""Taking a seat arms its reminders in one insert; giving it up and taking it again arms them again (the
ones already sent stay sent); and the register POST stays at a fixed number of queries for a
members-only programme too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole
from sessions_app.enums import DeliveryState, RegistrationStatus, Visibility
from sessions_app.models import Registration, Reminder
from sessions_app.services.registrations import registration_cancel, registration_create
from tests.factories.members import MembershipFactory, UserFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory

SITE = "http://testserver"


@pytest.fixture
def session(db):
    programme = ProgrammeFactory(reminder_offsets=[24 * 60, 60])
    return SessionFactory(programme=programme, capacity=10, starts_at=timezone.now() + timedelta(days=3))


def reminders_of(registration) -> list[tuple[int, str]]:
    return list(
        Reminder.objects.filter(registration=registration)
        .order_by("offset_minutes")
        .values_list("offset_minutes", "state")
    )


def test_a_seat_arms_one_reminder_per_offset(session):
    registration = registration_create(session=session, user=UserFactory(), site_url=SITE)

    assert reminders_of(registration) == [(60, DeliveryState.PENDING), (24 * 60, DeliveryState.PENDING)]
    assert set(Reminder.objects.values_list("due_at", flat=True)) == {
        session.starts_at - timedelta(hours=1),
        session.starts_at - timedelta(hours=24),
    }


def test_a_seat_given_up_and_taken_again_has_its_reminders_again(session):
    person = UserFactory()
    registration = registration_create(session=session, user=person, site_url=SITE)
    Reminder.objects.filter(registration=registration, offset_minutes=24 * 60).update(
        state=DeliveryState.SENT
    )
    registration_cancel(registration=registration, by=person, site_url=SITE)
    cancelled = reminders_of(registration)

    again = registration_create(session=session, user=person, site_url=SITE)

    assert again.pk == registration.pk
    assert again.status == RegistrationStatus.CONFIRMED
    assert cancelled == [(60, DeliveryState.CANCELLED), (24 * 60, DeliveryState.SENT)]
    assert reminders_of(again) == [(60, DeliveryState.PENDING), (24 * 60, DeliveryState.SENT)]


def test_a_person_who_turned_reminders_off_gets_none(session):
    registration = registration_create(
        session=session, user=UserFactory(notify_session_reminders=False), site_url=SITE
    )

    assert reminders_of(registration) == []


@pytest.mark.parametrize("registrants", [1, 10], ids=["1x", "10x"])
def test_registering_for_a_members_only_programme_queries_do_not_grow(
    client, db, django_assert_num_queries, registrants
):
    programme = ProgrammeFactory(visibility=Visibility.MEMBERS, reminder_offsets=[60, 24 * 60])
    session = SessionFactory(programme=programme, capacity=None, starts_at=timezone.now() + timedelta(days=3))
    for _ in range(registrants):
        registration_create(session=session, user=MembershipFactory().user, site_url=SITE)
    person = MembershipFactory(role=MembershipRole.MEMBER).user
    client.force_login(person)
    url = reverse("sessions_app:session_register", args=[programme.slug, session.number])

    # session, user, the session with its programme, is the person a member (no hosts needed then); in
    # a savepoint: the lock, the counts, the place, its two reminders, its e-mail
    with django_assert_num_queries(11):
        response = client.post(url, {"next": ""})

    assert response.status_code == 302
    assert Registration.objects.get(session=session, user=person).status == RegistrationStatus.CONFIRMED
