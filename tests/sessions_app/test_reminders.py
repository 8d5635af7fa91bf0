"""Reminders go out exactly once, to the right people, at the right instant; changes re-arm or disarm them.

Runs on SQLite and on PostgreSQL (where two sweeps really run at the same time in two threads).
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
from sessions_app.models import Registration, Reminder, Session
from sessions_app.services import notifications, reminder_sending, reminders
from sessions_app.tasks import send_due_reminders, send_reminder, send_session_notice
from tests.factories.members import UserFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory

MEETING = "https://meet.example.org/room-42"


# Small builders on top of the shared factories --------------------------------------------------------


def make_session(*, starts_in: timedelta | None = None, starts_at=None, offsets=(60,), **fields) -> Session:
    """A session of its own published programme (number 1), whose reminders fire ``offsets`` minutes
    before it starts."""
    return SessionFactory(
        programme=ProgrammeFactory(reminder_offsets=list(offsets)),
        number=1,
        starts_at=starts_at or timezone.now() + (starts_in or timedelta(minutes=40)),
        meeting_url=MEETING,
        **fields,
    )


def register(session: Session, user=None, status=RegistrationStatus.CONFIRMED, **fields) -> Registration:
    registration = Registration.objects.create(
        session=session, user=user or UserFactory(), status=status, **fields
    )
    reminders.reminders_arm(registration=registration)
    return registration


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# Sending once ----------------------------------------------------------------------------------------


def test_sweep_sends_a_due_reminder_once(db):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60])
    registration = register(session, UserFactory(email="ana@example.org"))

    first = send_due_reminders()
    second = send_due_reminders()

    assert (first, second) == (1, 0)
    assert recipients() == ["ana@example.org"]
    assert mail.outbox[0].subject == f"Reminder: {session.title} starts in 1 hour"
    reminder = Reminder.objects.get(registration=registration)
    assert (reminder.state, reminder.attempts) == (DeliveryState.SENT, 1)
    assert reminder.sent_at is not None


def test_reminder_not_yet_due_is_not_sent(db):
    session = make_session(starts_in=timedelta(hours=3), offsets=[60])
    register(session)

    assert send_due_reminders() == 0
    assert mail.outbox == []
    assert Reminder.objects.get().state == DeliveryState.PENDING


def test_reminder_shows_both_zones_the_meeting_and_the_session_page(db):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60])
    register(session, UserFactory(time_zone="Europe/Helsinki"))

    send_due_reminders()

    body = mail.outbox[0].body
    helsinki = timezone.localtime(session.starts_at, notifications.ZoneInfo("Europe/Helsinki"))
    rome = timezone.localtime(session.starts_at, notifications.ZoneInfo("Europe/Rome"))
    assert f"{helsinki:%H:%M} (Europe/Helsinki)" in body
    assert f"Organiser's time: {rome:%A} {rome.day} {rome:%B %Y, %H:%M} (Europe/Rome)" in body
    assert MEETING in body
    assert f"http://localhost:8000/programmes/{session.programme.slug}/sessions/1/" in body


def test_reminder_without_a_profile_zone_uses_the_organisers_only(db):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60])
    register(session, UserFactory(time_zone=""))

    send_due_reminders()

    body = mail.outbox[0].body
    assert "(Europe/Rome)" in body
    assert "Organiser's time" not in body


@pytest.mark.parametrize(
    "change",
    ["registration_cancelled", "waitlisted", "opted_out", "session_cancelled", "session_started", "inactive"],
)
def test_nobody_who_should_not_gets_a_reminder(db, change):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60])
    registration = register(session)
    # Each change is made behind the services' back: the sweep must refuse by itself.
    if change == "registration_cancelled":
        Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.CANCELLED)
    elif change == "waitlisted":
        Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.WAITLISTED)
    elif change == "opted_out":
        type(registration.user).objects.filter(pk=registration.user_id).update(notify_session_reminders=False)
    elif change == "inactive":
        type(registration.user).objects.filter(pk=registration.user_id).update(is_active=False)
    elif change == "session_cancelled":
        Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)
    else:
        Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(minutes=1))

    send_due_reminders()

    assert mail.outbox == []
    assert Reminder.objects.get().state == DeliveryState.CANCELLED


def test_opted_out_people_get_no_reminder_armed(db):
    session = make_session(starts_in=timedelta(minutes=40))

    register(session, UserFactory(notify_session_reminders=False))
    send_due_reminders()

    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_a_24_hour_reminder_is_not_sent_an_hour_before(db):
    """Registered two hours before: the 24-hour reminder is long past, only the 1-hour one goes out."""
    session = make_session(starts_in=timedelta(minutes=50), offsets=[24 * 60, 60])
    register(session, UserFactory(email="late@example.org"))

    send_due_reminders()

    assert [message.subject for message in mail.outbox] == [f"Reminder: {session.title} starts in 1 hour"]
    states = dict(Reminder.objects.values_list("offset_minutes", "state"))
    assert states == {24 * 60: DeliveryState.CANCELLED, 60: DeliveryState.SENT}


LEAD_TIMES = [(24 * 60, "24 hours"), (60, "1 hour"), (30, "30 minutes"), (3 * 24 * 60, "3 days")]


@pytest.mark.parametrize(("minutes", "words"), LEAD_TIMES, ids=[words for _, words in LEAD_TIMES])
def test_lead_time_in_words(minutes, words):
    assert reminder_sending.lead_time(minutes) == words


# Claims: duplicates, timeouts, failures ------------------------------------------------------------------


def test_a_duplicate_send_task_sends_nothing(db):
    session = make_session(starts_in=timedelta(minutes=40))
    register(session)
    send_due_reminders()
    reminder = Reminder.objects.get()

    again = send_reminder.delay(reminder_id=reminder.pk, attempt=reminder.attempts).get()
    unknown = send_reminder.delay(reminder_id=reminder.pk + 1000, attempt=1).get()

    assert (again, unknown) == (False, False)
    assert len(mail.outbox) == 1


def test_sweeps_run_twice_send_each_reminder_once(db):
    session = make_session(starts_in=timedelta(minutes=40))
    for _ in range(12):
        register(session)

    counts = [send_due_reminders(), send_due_reminders()]

    assert counts == [12, 0]
    assert len(recipients()) == len(set(recipients())) == 12


def test_a_sweep_stops_at_its_limit_and_the_next_one_takes_the_rest(db, monkeypatch):
    monkeypatch.setattr(reminder_sending, "BATCH_SIZE", 2)
    monkeypatch.setattr(reminder_sending, "MAX_PER_SWEEP", 3)
    session = make_session(starts_in=timedelta(minutes=40))
    for _ in range(5):
        register(session)

    counts = [send_due_reminders(), send_due_reminders(), send_due_reminders()]

    assert counts == [3, 2, 0]
    assert len(set(recipients())) == 5


def test_only_the_current_claim_can_mark_a_reminder_sent(db):
    session = make_session(starts_in=timedelta(minutes=40))
    register(session)
    ((pk, attempt),) = reminder_sending.claim_batch(Reminder.objects.order_by("pk"), now=timezone.now())
    calls = []

    stale = reminder_sending.finish_claim(Reminder, pk=pk, attempt=attempt + 1, send=lambda: calls.append(1))
    current = reminder_sending.finish_claim(Reminder, pk=pk, attempt=attempt, send=lambda: calls.append(2))
    again = reminder_sending.finish_claim(Reminder, pk=pk, attempt=attempt, send=lambda: calls.append(3))

    assert (stale, current, again) == (False, True, False)
    assert calls == [2]


def test_a_reminder_stuck_in_sending_is_retried_after_the_timeout(db, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 300
    session = make_session(starts_in=timedelta(minutes=40))
    register(session, UserFactory(email="ana@example.org"))
    now = timezone.now()
    # A worker claimed it and died before sending: the row stays "sending", no task will come.
    claimed = reminder_sending.claim_batch(Reminder.objects.order_by("pk"), now=now)

    before_timeout = reminder_sending.reminders_sweep(now=now + timedelta(seconds=299))
    after_timeout = reminder_sending.reminders_sweep(now=now + timedelta(seconds=301))

    reminder = Reminder.objects.get()
    assert [attempt for _, attempt in claimed] == [1]
    assert (before_timeout, after_timeout) == (0, 1)
    assert recipients() == ["ana@example.org"]
    assert (reminder.state, reminder.attempts) == (DeliveryState.SENT, 2)


def test_a_claim_taken_over_cannot_send_any_more(db, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 300
    session = make_session(starts_in=timedelta(minutes=40))
    register(session)
    now = timezone.now()
    ((pk, old_attempt),) = reminder_sending.claim_batch(Reminder.objects.order_by("pk"), now=now)
    reminder_sending.reminders_sweep(now=now + timedelta(seconds=301))  # taken over and sent

    late = reminder_sending.reminder_send(reminder_id=pk, attempt=old_attempt)

    assert late is False
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_leaves_the_reminder_to_the_next_sweep(db, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 300
    session = make_session(starts_in=timedelta(minutes=40))
    register(session, UserFactory(email="ana@example.org"))
    working_mailers = settings.MAILERS
    # Nothing listens on loopback port 9: the SMTP connection is refused.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    now = timezone.now()
    with pytest.raises(ConnectionRefusedError):
        reminder_sending.reminders_sweep(now=now)
    assert Reminder.objects.get().state == DeliveryState.SENDING

    settings.MAILERS = working_mailers
    reminder_sending.reminders_sweep(now=now + timedelta(seconds=301))

    assert recipients() == ["ana@example.org"]
    assert Reminder.objects.get().state == DeliveryState.SENT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_instant_send_each_reminder_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite cannot run two writers at once (the sequential case is above)")
    session = make_session(starts_in=timedelta(minutes=40))
    for _ in range(150):
        register(session)
    start = threading.Barrier(2)
    counts = []

    def sweep():
        try:
            start.wait()
            counts.append(reminder_sending.reminders_sweep())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == 150
    assert len(recipients()) == len(set(recipients())) == 150
    assert set(Reminder.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}


# Reschedule and cancel ------------------------------------------------------------------------------


def test_reschedule_rearms_the_reminders_and_sends_one_update(db, django_capture_on_commit_callbacks):
    session = make_session(starts_in=timedelta(days=2), offsets=[24 * 60, 60])
    confirmed = register(session, UserFactory(email="ana@example.org"))
    register(session, UserFactory(email="wait@example.org"), status=RegistrationStatus.WAITLISTED)
    register(session, UserFactory(email="gone@example.org"), status=RegistrationStatus.CANCELLED)
    Reminder.objects.filter(offset_minutes=24 * 60).update(state=DeliveryState.SENT)  # sent for the old time
    new_start = session.starts_at + timedelta(days=7)
    session.starts_at = new_start
    session.save()

    with django_capture_on_commit_callbacks(execute=True):
        queued = notifications.session_rescheduled_notify(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.session_rescheduled_notify(session=session)  # the same change, announced twice

    assert queued == 2
    assert recipients() == ["ana@example.org", "wait@example.org"]
    assert {message.subject for message in mail.outbox} == {f"New time: {session.title}"}
    rome = timezone.localtime(new_start, notifications.ZoneInfo("Europe/Rome"))
    assert f"{rome:%H:%M} (Europe/Rome)" in mail.outbox[0].body
    armed = Reminder.objects.filter(registration=confirmed).order_by("offset_minutes")
    assert [(r.due_at, r.state) for r in armed] == [
        (new_start - timedelta(hours=1), DeliveryState.PENDING),
        (new_start - timedelta(hours=24), DeliveryState.PENDING),
    ]


def test_an_update_for_a_time_that_changed_again_is_not_sent(db):
    session = make_session(starts_in=timedelta(days=2))
    registration = register(session)
    old_stamp = session.starts_at.isoformat()
    Session.objects.filter(pk=session.pk).update(starts_at=session.starts_at + timedelta(hours=2))

    sent = send_session_notice.delay(
        registration_id=registration.pk, kind="rescheduled", stamp=old_stamp
    ).get()
    gone = send_session_notice.delay(registration_id=registration.pk + 99, kind="cancelled", stamp="").get()

    assert (sent, gone) == (False, False)
    assert mail.outbox == []


def test_cancel_sends_one_cancellation_and_no_reminders(db, django_capture_on_commit_callbacks):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60])
    register(session, UserFactory(email="ana@example.org"))
    register(session, UserFactory(email="wait@example.org"), status=RegistrationStatus.WAITLISTED)
    session.status = SessionStatus.CANCELLED
    session.save()

    with django_capture_on_commit_callbacks(execute=True):
        notifications.session_cancelled_notify(session=session)
    send_due_reminders()

    assert recipients() == ["ana@example.org", "wait@example.org"]
    assert {message.subject for message in mail.outbox} == {f"Cancelled: {session.title}"}
    assert "has been cancelled" in mail.outbox[0].body
    assert set(Reminder.objects.values_list("state", flat=True)) == {DeliveryState.CANCELLED}


# Daylight saving: reminders fire at the right instant, e-mails show the right local times --------------


DST_CASES = [
    # Rome leaves summer time at 01:00 UTC on 25 October 2026: 09:00 Rome is 08:00 UTC that day, and
    # 24 hours earlier is 08:00 UTC on the 24th — 10:00 in Rome, still on summer time.
    pytest.param(datetime(2026, 10, 25, 8, tzinfo=UTC), "10:00", "09:00", "10:00", id="autumn-2026"),
    # Summer time starts at 01:00 UTC on 28 March 2027: 09:00 Rome is 07:00 UTC, 24 hours earlier is
    # 07:00 UTC on the 27th — 08:00 in Rome, still on winter time.
    pytest.param(datetime(2027, 3, 28, 7, tzinfo=UTC), "08:00", "09:00", "10:00", id="spring-2027"),
]


@pytest.mark.parametrize(("starts_at", "rome_24h_before", "rome_start", "helsinki_start"), DST_CASES)
def test_reminders_across_a_clock_change(db, starts_at, rome_24h_before, rome_start, helsinki_start):
    session = make_session(starts_at=starts_at, offsets=[24 * 60, 60])
    register(session, UserFactory(email="rome@example.org", time_zone="Europe/Rome"))
    register(session, UserFactory(email="helsinki@example.org", time_zone="Europe/Helsinki"))
    day_before = starts_at - timedelta(hours=24)
    reminder_set = Reminder.objects.order_by("pk")

    a_second_early = day_before - timedelta(seconds=1)
    early = reminder_sending.claim_batch(reminder_set.filter(due_at__lte=a_second_early), now=a_second_early)
    due = reminder_sending.claim_batch(reminder_set.filter(due_at__lte=day_before), now=day_before)
    for pk, attempt in due:
        reminder_sending.reminder_send(reminder_id=pk, attempt=attempt, now=day_before)

    rome_zone = notifications.ZoneInfo("Europe/Rome")
    assert early == []
    assert len(due) == 2
    assert set(Reminder.objects.filter(offset_minutes=60).values_list("due_at", flat=True)) == {
        starts_at - timedelta(hours=1)
    }
    assert timezone.localtime(day_before, rome_zone).strftime("%H:%M") == rome_24h_before
    by_person = {message.to[0]: message.body for message in mail.outbox}
    assert f"{rome_start} (Europe/Rome)" in by_person["rome@example.org"]
    assert "Organiser's time" not in by_person["rome@example.org"]
    assert f"{helsinki_start} (Europe/Helsinki)" in by_person["helsinki@example.org"]
    assert f"{rome_start} (Europe/Rome)" in by_person["helsinki@example.org"]
