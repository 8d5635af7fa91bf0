"""Registering while the Celery broker is down: the page answers as usual, and every e-mail the broker
could not take goes out later, exactly once, through the beat sweep (the soak suite does the same with
a real Redis stopped for a minute: tests/soak/test_redis_outage.py).

The broker is the network boundary: here it is a Redis URL on loopback port 9, where nothing listens,
so every enqueue is refused at once, as when Redis is stopped. Runs on SQLite and on PostgreSQL.
"""

import time
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from sessions_app.enums import DeliveryState, RegistrationStatus
from sessions_app.models import RegistrationEmail, Reminder
from sessions_app.services import registrations as services
from sessions_app.services import reminder_sending
from sessions_app.tasks_registrations import deliver_registration_email, send_registration_emails
from tests.factories.members import UserFactory
from tests.factories.registrations import SessionFactory
from tests.sessions_app.test_reminders import make_session, register

SITE = "http://testserver"


def emails(**filters) -> list[tuple[str, str]]:
    return sorted(RegistrationEmail.objects.filter(**filters).values_list("kind", "state"))


def sent_to() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject.split(":")[0]) for message in mail.outbox)


def test_registering_while_the_broker_is_down_keeps_the_email_for_the_sweep(
    db, broker, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    person = UserFactory(email="ana@example.org")

    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(session=session, user=person, site_url=SITE)

    assert registration.status == RegistrationStatus.CONFIRMED
    assert emails() == [("confirmed", DeliveryState.PENDING)]
    assert mail.outbox == []
    assert send_registration_emails.delay().get() == 1  # the broker is back: beat's next sweep
    assert send_registration_emails.delay().get() == 0
    assert sent_to() == [("ana@example.org", "You are registered")]
    assert emails() == [("confirmed", DeliveryState.SENT)]
    assert SITE + session.get_absolute_url() in mail.outbox[0].body


def test_the_register_page_answers_at_once_while_the_broker_is_down(client, transactional_db, broker):
    session = SessionFactory(capacity=5)
    client.force_login(UserFactory())
    url = reverse("sessions_app:session_register", args=[session.programme.slug, session.number])

    with broker.down():
        started = time.monotonic()
        response = client.post(url)
        took = time.monotonic() - started
        fragment = client.post(url, HTTP_HX_REQUEST="true")  # registered already: the same place

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"You are registered for “{session.title}”."
    ]
    assert took < 5
    assert fragment.status_code == 200
    assert emails() == [("confirmed", DeliveryState.PENDING)]


def test_a_seat_freed_while_the_broker_is_down_is_announced_once_later(
    db, broker, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    seated = services.registration_create(session=session, user=UserFactory(), site_url=SITE)
    waiting = services.registration_create(
        session=session, user=UserFactory(email="bo@example.org"), site_url=SITE
    )

    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seated, by=seated.user, site_url=SITE)
    send_registration_emails.delay()
    send_registration_emails.delay()

    assert emails(registration=waiting, state=DeliveryState.PENDING) == []
    assert emails(registration=waiting, kind="promoted") == [("promoted", DeliveryState.SENT)]
    assert sent_to() == [("bo@example.org", "You have a seat")]


def test_an_email_whose_place_changed_meanwhile_is_not_sent(db, broker, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    person = UserFactory()

    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(session=session, user=person, site_url=SITE)
        services.registration_cancel(registration=registration, by=person, site_url=SITE)
    send_registration_emails.delay()

    assert mail.outbox == []
    assert emails() == [("confirmed", DeliveryState.CANCELLED)]


def test_a_sweep_that_cannot_reach_the_broker_gives_its_claims_back(
    db, broker, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=10)
    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            services.registration_create(session=session, user=UserFactory(), site_url=SITE)

    with broker.down(), pytest.raises(BrokerUnavailable):
        services.registration_emails_sweep()

    # Pending, not "sending": the first sweep after the broker returns sends them, without waiting for
    # the claim timeout.
    assert emails() == [("confirmed", DeliveryState.PENDING)] * 3
    assert services.registration_emails_sweep() == 3
    assert len(mail.outbox) == 3


def test_a_reminder_sweep_that_cannot_reach_the_broker_gives_its_claims_back(db, broker, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 300
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60])
    register(session, UserFactory(email="ana@example.org"))

    with broker.down(), pytest.raises(BrokerUnavailable):
        reminder_sending.reminders_sweep()

    assert Reminder.objects.get().state == DeliveryState.PENDING
    assert reminder_sending.reminders_sweep() == 1
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_an_email_whose_task_was_lost_is_sent_once_after_the_claim_timeout(db, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 300
    # Without on-commit callbacks the task is never queued: as if Redis lost it after taking it.
    registration = services.registration_create(
        session=SessionFactory(), user=UserFactory(email="ana@example.org"), site_url=SITE
    )
    (email,) = RegistrationEmail.objects.filter(registration=registration)
    now = timezone.now()

    too_soon = services.registration_emails_sweep(now=now)
    taken_over = services.registration_emails_sweep(now=now + timedelta(seconds=301))
    late = deliver_registration_email.delay(email_id=email.pk, attempt=1).get()  # the lost task, found

    assert (email.state, email.attempts) == (DeliveryState.SENDING, 1)
    assert (too_soon, taken_over, late) == (0, 1, False)
    assert sent_to() == [("ana@example.org", "You are registered")]
    email.refresh_from_db()
    assert (email.state, email.attempts) == (DeliveryState.SENT, 2)


def test_each_change_of_place_is_its_own_email(db, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    person = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_create(session=session, user=person, site_url=SITE)
        services.registration_create(session=session, user=person, site_url=SITE)  # a double click
        services.registration_cancel(registration=first, by=person, site_url=SITE)
        services.registration_create(session=session, user=person, site_url=SITE)

    assert emails() == [("confirmed", DeliveryState.SENT)] * 2
    assert len(mail.outbox) == 2
