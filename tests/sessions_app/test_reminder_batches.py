"""Reminders go out a claimed batch per task, and every guarantee of one reminder per task still holds:
each is sent once, none is lost when the worker dies in the middle of a batch, none goes to a place
cancelled meanwhile, and a duplicate or stale batch sends nothing.

A worker "dies" here the way SIGKILL leaves things: the mail backend raises an exception that is not an
``Exception`` in the middle of a batch, so the task stops where it is and its open transaction rolls
back (``test_reminder_worker.py`` kills real worker processes).
"""

from collections import Counter
from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sessions_app.enums import DeliveryState, RegistrationStatus
from sessions_app.models import Registration, Reminder
from sessions_app.services import reminder_sending
from sessions_app.services.registrations import registration_cancel
from sessions_app.tasks import send_reminders
from tests.factories.members import UserFactory
from tests.sessions_app.test_email_languages import say
from tests.sessions_app.test_reminders import make_session, recipients, register


class WorkerKilled(BaseException):
    """What SIGKILL is to a task: nothing after it runs, no handler catches it."""


class DyingBackend(EmailBackend):
    """Accepts ``survive`` messages, then the worker dies while handing over the next one."""

    survive = 0

    def send_messages(self, messages):
        if len(mail.outbox) >= self.survive:
            raise WorkerKilled
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """A mail server that refuses one recipient and accepts everyone else."""

    refused = "refused@example.org"

    def send_messages(self, messages):
        if any(self.refused in message.to for message in messages):
            raise SMTPRecipientsRefused({self.refused: (550, b"no such mailbox")})
        return super().send_messages(messages)


@pytest.fixture
def five_due(db):
    """Five people whose "1 hour before" reminders are due now, in the order the sweep claims them."""
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60])
    return [register(session, UserFactory(email=f"person{n}@example.org")) for n in range(5)]


@pytest.fixture
def tasks_run():
    """The names of the Celery tasks run (eagerly, in tests) while the test goes on."""
    names = []

    def record(sender=None, **_kwargs):
        names.append(sender.name)

    task_prerun.connect(record, weak=False)
    yield names
    task_prerun.disconnect(record)


def claim(now=None) -> list[tuple[int, int]]:
    """One batch claimed as the sweep claims it, but not handed to a task."""
    now = now or timezone.now()
    due = Reminder.objects.filter(reminder_sending.claimable(now=now), due_at__lte=now).order_by(
        "due_at", "pk"
    )
    return reminder_sending.claim_batch(due, now=now)


def states() -> Counter:
    return Counter(Reminder.objects.values_list("state", flat=True))


def test_a_sweep_queues_one_task_per_batch(five_due, monkeypatch, tasks_run):
    monkeypatch.setattr(reminder_sending, "BATCH_SIZE", 2)

    claimed = reminder_sending.reminders_sweep()

    assert claimed == 5
    assert tasks_run == ["sessions_app.send_reminders"] * 3
    assert recipients() == [f"person{n}@example.org" for n in range(5)]
    assert states() == {DeliveryState.SENT: 5}


def test_a_batch_skips_a_registration_cancelled_after_the_claim(five_due):
    claims = claim()
    registration_cancel(registration=five_due[1], by=five_due[1].user)  # through the service
    Registration.objects.filter(pk=five_due[3].pk).update(status=RegistrationStatus.CANCELLED)  # behind it

    sent = send_reminders.delay(claims=claims).get()

    assert sent == 3
    assert recipients() == ["person0@example.org", "person2@example.org", "person4@example.org"]
    assert states() == {DeliveryState.SENT: 3, DeliveryState.CANCELLED: 2}


def test_a_duplicate_or_stale_batch_task_sends_nothing(five_due, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 300
    now = timezone.now()
    lost = claim(now)  # its task never ran (lost with its worker, or still queued somewhere)
    taken_over = claim(now + timedelta(seconds=301))

    stale = send_reminders.delay(claims=lost).get()
    current = send_reminders.delay(claims=taken_over).get()
    duplicate = send_reminders.delay(claims=taken_over).get()  # the same message delivered twice
    stale_again = send_reminders.delay(claims=lost).get()

    assert [attempt for _, attempt in taken_over] == [2] * 5
    assert (stale, current, duplicate, stale_again) == (0, 5, 0, 0)
    assert recipients() == [f"person{n}@example.org" for n in range(5)]


def test_rows_of_a_batch_whose_worker_died_go_out_once_after_the_timeout(five_due, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 300
    working = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DyingBackend"}}
    DyingBackend.survive = 2
    now = timezone.now()
    claims = claim(now)

    with pytest.raises(WorkerKilled):
        reminder_sending.reminders_send(claims=claims, now=now)
    after_the_death = states()
    settings.MAILERS = working
    too_soon = reminder_sending.reminders_sweep(now=now + timedelta(seconds=299))
    taken_over = reminder_sending.reminders_sweep(now=now + timedelta(seconds=301))
    redelivered = reminder_sending.reminders_send(claims=claims, now=now)  # the dead task's message

    assert after_the_death == {DeliveryState.SENT: 2, DeliveryState.SENDING: 3}
    assert (too_soon, taken_over, redelivered) == (0, 3, 0)
    assert Counter(recipients()) == {f"person{n}@example.org": 1 for n in range(5)}
    assert dict(Reminder.objects.order_by("pk").values_list("registration__user__email", "attempts")) == {
        "person0@example.org": 1,
        "person1@example.org": 1,
        "person2@example.org": 2,
        "person3@example.org": 2,
        "person4@example.org": 2,
    }


def test_a_refused_message_does_not_hold_back_the_rest_of_the_batch(five_due, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    type(five_due[2].user).objects.filter(pk=five_due[2].user_id).update(email=RefusingBackend.refused)

    with pytest.raises(SMTPRecipientsRefused):
        reminder_sending.reminders_send(claims=claim())

    assert recipients() == [
        "person0@example.org",
        "person1@example.org",
        "person3@example.org",
        "person4@example.org",
    ]
    refused = Reminder.objects.get(registration=five_due[2])
    assert refused.state == DeliveryState.SENDING  # a later sweep tries it again after the timeout
    assert states() == {DeliveryState.SENT: 4, DeliveryState.SENDING: 1}


@pytest.mark.parametrize("people", [3, 30], ids=["3", "30"])
def test_a_batch_reads_its_reminders_in_three_queries(db, people):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60])
    for _ in range(people):
        register(session)
    claims = claim()

    with CaptureQueriesContext(connection) as queries:
        sent = reminder_sending.reminders_send(claims=claims)

    reads = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")]
    assert sent == people
    # person, session and programme joined, then the session's and programme's translations (for the
    # titles in each reader's language): rendering reads nothing more
    assert len(reads) == 3


def test_each_reminder_of_a_batch_is_in_its_readers_language(db):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60], title="Cloud tools for coops")
    for address, language in [("ana", "mt"), ("ben", "en"), ("cvet", "bg"), ("dan", "en")]:
        register(session, UserFactory(preferred_language=language, email=f"{address}@example.org"))

    reminder_sending.reminders_send(claims=claim())

    by_person = {message.to[0].split("@")[0]: message for message in mail.outbox}
    english = "Reminder: Cloud tools for coops starts in 1 hour"
    assert [by_person[name].subject == english for name in ["ana", "ben", "cvet", "dan"]] == [
        False,
        True,
        False,
        True,
    ]
    for name, language in [("ana", "mt"), ("cvet", "bg")]:
        assert say(language, "Join the meeting:") in by_person[name].body


def test_the_worker_keeps_its_database_connection_between_tasks():
    """Celery's Django fixup closes the connection before and after every task unless it finds
    CELERY_DB_REUSE_MAX: a new PostgreSQL connection per task would cost more than a reminder."""
    from celery.fixups.django import DjangoWorkerFixup

    from portal.celery import app

    assert DjangoWorkerFixup(app).db_reuse_max == 1000
