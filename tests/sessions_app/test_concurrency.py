"""Seats under contention, on PostgreSQL with real parallel connections: one thread (and one database
connection) per person, all released at the same instant by a barrier."""

import os
import threading
from collections import Counter
from collections.abc import Callable
from email import message_from_bytes, policy

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from sessions_app.enums import DeliveryState, RegistrationStatus
from sessions_app.models import Registration, Reminder, Session
from sessions_app.selectors.registrations import my_registrations
from sessions_app.services import registrations as services
from tests.factories.members import UserFactory
from tests.factories.registrations import SessionFactory

SITE = "http://testserver"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite has no row locks and lets one writer "
        "in at a time, so it cannot show a race",
    ),
]


@pytest.fixture(autouse=True)
def _patient_locks(monkeypatch):
    """Here every waiter must get through: 50 transactions queue behind one lock, in threads of one
    Python process sharing a busy CI machine. The bounded wait has its own tests at the end."""
    monkeypatch.setattr(services, "LOCK_TIMEOUT", "60s")


def run_at_once(jobs: list[Callable[[], object]]) -> list[object]:
    """Run every job in its own thread with its own connection, all starting together; results in order
    (an exception is returned, not raised)."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            connection.ensure_connection()  # connect first, so that the barrier releases queries, not logins
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_fifty_people_registering_at_once_for_ten_seats(transactional_db):
    session = SessionFactory(capacity=10)
    people = [UserFactory() for _ in range(50)]

    results = run_at_once(
        [
            lambda person=person: services.registration_create(session=session, user=person)
            for person in people
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    counts = Counter(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert counts == {RegistrationStatus.CONFIRMED: 10, RegistrationStatus.WAITLISTED: 40}
    positions = sorted(my_registrations(person)[0].waitlist_position or 0 for person in people)
    assert positions == [0] * 10 + list(range(1, 41))
    assert Reminder.objects.filter(registration__session=session).count() == 10 * 2


def test_a_double_click_from_many_tabs_makes_one_registration(transactional_db):
    session = SessionFactory(capacity=10)
    person = UserFactory()

    results = run_at_once([lambda: services.registration_create(session=session, user=person)] * 10)

    assert {r.pk for r in results} == {Registration.objects.get(session=session, user=person).pk}


def test_concurrent_cancellations_promote_each_waiting_person_exactly_once(transactional_db):
    session = SessionFactory(capacity=10)
    seated = [services.registration_create(session=session, user=UserFactory()) for _ in range(10)]
    waiting = [services.registration_create(session=session, user=UserFactory()) for _ in range(15)]
    mail.outbox.clear()

    results = run_at_once(
        [lambda r=r: services.registration_cancel(registration=r, by=r.user, site_url=SITE) for r in seated]
        + [lambda r=r: services.registration_cancel(registration=r, by=r.user) for r in waiting[12:]]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    confirmed = set(
        Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    assert confirmed == {r.pk for r in waiting[:10]}
    assert Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED).count() == 2
    promoted_mail = Counter(m.to[0] for m in mail.outbox if m.subject.startswith("You have a seat"))
    assert promoted_mail == {r.user.email: 1 for r in waiting[:10]}
    pending = Counter(
        Reminder.objects.filter(registration__session=session, state=DeliveryState.PENDING).values_list(
            "registration_id", flat=True
        )
    )
    assert pending == dict.fromkeys(confirmed, 2)


def test_registering_and_cancelling_at_once_never_overbooks(transactional_db):
    session = SessionFactory(capacity=5)
    seated = [services.registration_create(session=session, user=UserFactory()) for _ in range(5)]
    newcomers = [UserFactory() for _ in range(20)]

    run_at_once(
        [lambda r=r: services.registration_cancel(registration=r, by=r.user) for r in seated]
        + [lambda p=p: services.registration_create(session=session, user=p) for p in newcomers]
    )

    counts = Counter(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert counts == {
        RegistrationStatus.CANCELLED: 5,
        RegistrationStatus.CONFIRMED: 5,
        RegistrationStatus.WAITLISTED: 15,
    }


@pytest.fixture
def session_held_by_another_connection(transactional_db, monkeypatch):
    """The session row stays locked by another connection until the test ends."""
    monkeypatch.setattr(services, "LOCK_TIMEOUT", "200ms")
    session = SessionFactory(capacity=10)
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            Session.objects.select_for_update().get(pk=session.pk)
            locked.set()
            release.wait(timeout=30)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(timeout=10)
    yield session
    release.set()
    holder.join(timeout=30)


def test_a_lock_timeout_is_a_friendly_try_again(session_held_by_another_connection):
    session = session_held_by_another_connection

    with pytest.raises(ValidationError) as refused:
        services.registration_create(session=session, user=UserFactory())

    assert refused.value.code == "busy"
    assert refused.value.messages == ["Many people are registering right now. Please try again in a moment."]
    assert not Registration.objects.exists()


def test_a_lock_timeout_on_the_page_is_a_message_not_an_error(client, session_held_by_another_connection):
    session = session_held_by_another_connection
    client.force_login(UserFactory())

    response = client.post(
        reverse("sessions_app:session_register", args=[session.programme.slug, session.number])
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Many people are registering right now. Please try again in a moment."
    ]
    assert not Registration.objects.exists()


def _emails(outbox) -> list:
    if not outbox.exists():
        return []
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in outbox.glob("*.eml")]


@pytest.mark.redis_worker
def test_a_real_worker_sends_each_person_their_email_once(celery_worker_process):
    worker = celery_worker_process
    session = SessionFactory(capacity=3, title="Training to upskill")
    people = [UserFactory() for _ in range(6)]

    run_at_once(
        [lambda p=p: services.registration_create(session=session, user=p, site_url=SITE) for p in people]
    )
    registered = worker.wait_for(lambda: len(_emails(worker.outbox)) >= 6)
    first = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).first()
    services.registration_cancel(registration=first, by=first.user, site_url=SITE)
    promoted = worker.wait_for(lambda: len(_emails(worker.outbox)) >= 7)

    assert registered, worker.log.read_text()
    assert promoted, worker.log.read_text()
    subjects = Counter(email["Subject"].split(":")[0] for email in _emails(worker.outbox))
    assert subjects == {"You are registered": 3, "You are on the waiting list": 3, "You have a seat": 1}
    with_calendar = [
        email
        for email in _emails(worker.outbox)
        if any(p.get_content_type() == "text/calendar" for p in email.walk())
    ]
    assert len(with_calendar) == 4
