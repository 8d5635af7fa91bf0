"""Fault 3 of issue 7: a Celery worker killed with SIGKILL halfway through a fan-out of 2,000 reminders
(PORTAL_SOAK_REMINDERS); after a new worker starts, every registrant has exactly one reminder in the
outbox — none lost, none doubled.

Beat's tick is played by the test (``send_due_reminders.delay()``): a worker runs the sweep and fans
out one task per reminder, which two workers send. To kill a worker in the middle of *sending* one —
claim taken, e-mail not yet written — rather than at a random instant, the test holds the row of the
reminder halfway down the queue: the worker that takes it blocks (pg_stat_activity names it), and it is
that worker that dies. (A random instant could also land between an e-mail handed to the mail server
and its commit, the one window the claim pattern documents as unavoidable.)
"""

import os
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction

from members.models import User
from sessions_app.enums import DeliveryState, RegistrationStatus
from sessions_app.models import Registration, Reminder
from sessions_app.services.reminder_sending import BATCH_SIZE
from sessions_app.tasks import send_due_reminders
from tests.sessions_app.test_reminders import make_session
from tests.soak.locks import lock_waiters, row_locked
from tests.soak.stack import wait_for

pytestmark = pytest.mark.postgres

REMINDERS = int(os.environ.get("PORTAL_SOAK_REMINDERS", "2000"))
OFFSET = 60


@transaction.atomic
def due_session(people: int):
    """A session starting in 40 minutes whose "1 hour before" reminders are due now: the rows that
    ``registration_create`` and ``reminders_arm`` write, written in bulk."""
    session = make_session(starts_in=timedelta(minutes=40), offsets=[OFFSET], title="Fan-out")
    users = User.objects.bulk_create(User(email=f"fanout{n:05}@example.org") for n in range(people))
    registrations = Registration.objects.bulk_create(
        Registration(session=session, user=user, status=RegistrationStatus.CONFIRMED) for user in users
    )
    due_at = session.starts_at - timedelta(minutes=OFFSET)
    Reminder.objects.bulk_create(
        Reminder(registration=registration, offset_minutes=OFFSET, due_at=due_at)
        for registration in registrations
    )
    return session


def sent() -> int:
    return Reminder.objects.filter(state=DeliveryState.SENT).count()


def test_a_worker_killed_halfway_through_a_fan_out_loses_and_doubles_nothing(stack):
    stack.start(workers=2)
    due_session(REMINDERS)
    fan_out = list(Reminder.objects.order_by("due_at", "pk"))  # the order of the claims, batch by batch
    halfway = fan_out[REMINDERS // 2]
    # The worker sends a claimed batch per task: the one that dies on the halfway row leaves it and the
    # rest of its batch to the next sweep.
    stuck = fan_out[REMINDERS // 2 : (REMINDERS // 2 // BATCH_SIZE + 1) * BATCH_SIZE]

    send_due_reminders.delay()
    # One worker claims and queues until the fan-out ends; the other starts sending at the first batch,
    # far behind the claims, so the row is held before anyone reaches it.
    assert wait_for(
        lambda: Reminder.objects.filter(pk=halfway.pk, state=DeliveryState.SENDING).exists(), 60, 0.01
    )
    with row_locked(Reminder, halfway.pk):
        blocked = wait_for(lock_waiters, timeout=180, every=0.02)
        (victim,) = lock_waiters().values()
        stack.kill(victim)
        sent_before_the_kill = sent()
    stack.start_worker("worker-3")
    # The other worker and the new one send the tasks still queued; the claim of the task the killed one
    # died in is taken over by a later sweep once its claim has timed out (beat sweeps every minute; here
    # every second, since the batches can all be sent before the timeout has passed).
    everything_else = wait_for(lambda: sent() == REMINDERS - len(stuck), timeout=180)

    def swept_all() -> bool:
        send_due_reminders.delay()
        return sent() == REMINDERS

    all_out = wait_for(swept_all, timeout=60, every=1)

    assert blocked, stack.logs()
    assert victim in {"worker-1", "worker-2"}
    assert abs(sent_before_the_kill - REMINDERS // 2) <= REMINDERS // 20, sent_before_the_kill  # halfway
    assert everything_else, stack.logs()
    assert all_out, stack.logs()
    assert Counter(Reminder.objects.values_list("attempts", flat=True)) == {
        1: REMINDERS - len(stuck),
        2: len(stuck),
    }
    assert list(Reminder.objects.filter(attempts=2).order_by("due_at", "pk")) == stuck
    emails = stack.emails()
    assert Counter(to for to, _subject in emails.elements()) == {
        f"fanout{n:05}@example.org": 1 for n in range(REMINDERS)
    }
    assert {subject for _to, subject in emails} == {"Reminder: Fan-out starts in 1 hour"}
