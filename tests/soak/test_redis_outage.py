"""Fault 4 of issue 7: Redis — broker and cache — stopped for a minute (PORTAL_SOAK_REDIS_OUTAGE) while
people register and reminders fall due.

The stack's private redis-server (never the machine's) is stopped with SIGTERM and started again empty
on the same port, as a restart without persistence does: every message queued in it is lost. Beat, two
workers and gunicorn ride it out. Asserted: every request during the outage is answered at once and
normally, every registration exists, and afterwards every e-mail that became due goes out exactly once —
reminders in flight when Redis stopped, reminders that fell due during the outage, reminders and
registration e-mails of the people who registered meanwhile.
"""

import json
import os
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import User
from sessions_app.enums import DeliveryState, RegistrationStatus
from sessions_app.models import Registration, RegistrationEmail, Reminder
from sessions_app.tasks import send_due_reminders
from tests.factories.members import UserFactory
from tests.sessions_app.test_reminders import make_session, register
from tests.soak.browser import PASSWORD, Browser, Response, person_who_can_sign_in, run_at_once, signed_in
from tests.soak.stack import wait_for

pytestmark = pytest.mark.postgres

OUTAGE = float(os.environ.get("PORTAL_SOAK_REDIS_OUTAGE", "60"))
IN_FLIGHT, FALLING_DUE, NEWCOMERS, SEATS, LEAVING = 600, 30, 40, 20, 5
PROMPT = 5  # seconds: the longest any page may take while Redis is down
CONFIRMED, WAITLISTED, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


@transaction.atomic
def session_with_people(title: str, people: int, *, starts_in: timedelta):
    session = make_session(starts_in=starts_in, offsets=[60], title=title)
    slug = title.lower().replace(" ", "-")
    for user in User.objects.bulk_create(User(email=f"{slug}{n:03}@example.org") for n in range(people)):
        register(session, user)
    return session


def reminder(session) -> str:
    return f"Reminder: {session.title} starts in 1 hour"


def places(session) -> dict[str, str]:
    return dict(Registration.objects.filter(session=session).values_list("user__email", "status"))


def everything_went_out() -> bool:
    open_states = [DeliveryState.PENDING, DeliveryState.SENDING]
    return not (
        Reminder.objects.filter(state__in=open_states, due_at__lte=timezone.now()).exists()
        or RegistrationEmail.objects.filter(state__in=open_states).exists()
    )


def at(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def test_redis_stopped_for_a_minute_while_people_register(stack):
    stack.claim_timeout = 10
    stack.start(web=4, workers=2, beat=True)
    in_flight = session_with_people("In flight", IN_FLIGHT, starts_in=timedelta(minutes=40))
    # Registering for "Opened" arms a reminder that is due at once.
    opened = make_session(starts_in=timedelta(minutes=50), offsets=[60], capacity=SEATS, title="Opened")
    page = opened.get_absolute_url()
    register_url = reverse("sessions_app:session_register", args=[opened.programme.slug, opened.number])
    cancel_url = reverse(
        "sessions_app:session_cancel_registration", args=[opened.programme.slug, opened.number]
    )
    people = [UserFactory(email=f"newcomer{n:02}@example.org") for n in range(NEWCOMERS + 1)]
    browsers = {person.email: signed_in(stack.base_url, person) for person in people}
    assert {browser.get(page).status for browser in browsers.values()} == {200}
    *newcomers, latecomer = browsers.values()
    walk_in = person_who_can_sign_in("walk-in@example.org")
    # Due a third of the way into the outage.
    falls_due = session_with_people(
        "Falls due", FALLING_DUE, starts_in=timedelta(minutes=60, seconds=OUTAGE / 3)
    )

    # Beat's tick for "In flight"; Redis stops while its fan-out is being sent.
    send_due_reminders.delay()
    assert wait_for(lambda: Reminder.objects.filter(state=DeliveryState.SENT).count() >= 50, 60, 0.01)
    stack.stop_redis()
    stopped, stopped_at = time.monotonic(), timezone.now()
    unsent_when_redis_stopped = Reminder.objects.exclude(state=DeliveryState.SENT).count()

    answers: list[Response] = []
    for wave in range(4):
        at(stopped + 2 + 4 * wave)
        answers += run_at_once(
            [
                lambda b=b, i=i: b.post(register_url, {"next": page}, htmx=i % 2 == 1)
                for i, b in enumerate(newcomers[wave::4])
            ]
        )
    registered = places(opened)
    at(stopped + 20)
    leaving = [email for email, status in registered.items() if status == CONFIRMED][:LEAVING]
    answers += run_at_once(
        [lambda b=browsers[email]: b.post(cancel_url, {"next": page}) for email in leaving]
    )
    walk_in_browser = Browser(stack.base_url)
    signed = walk_in_browser.sign_in(walk_in.email, PASSWORD)  # allauth keeps its rate limits in the cache
    answers += [signed, walk_in_browser.get(reverse("sessions_app:my_sessions")), newcomers[0].get(page)]
    health = Browser(stack.base_url).get(reverse("healthz"))
    at(stopped + OUTAGE)
    written_meanwhile = set(
        RegistrationEmail.objects.filter(registration__session=opened).values_list("state", flat=True)
    )
    back_at = timezone.now()
    stack.start_redis()
    late = latecomer.post(register_url, {"next": page})

    assert [a for a in answers if not isinstance(a, Response)] == []
    assert {a.status for a in answers} <= {200, 302}, [(a.status, a.text[:300]) for a in answers]
    assert max(a.seconds for a in answers) < PROMPT, sorted(a.seconds for a in answers)
    assert signed.status == 302
    assert health.status == 503
    assert {name: check["ok"] for name, check in json.loads(health.text)["checks"].items()} == {
        "database": True,
        "cache": False,
        "broker": False,
    }
    assert unsent_when_redis_stopped > 0, "the fan-out had finished before Redis stopped"
    falling_due = Reminder.objects.filter(registration__session=falls_due).values_list("due_at", flat=True)
    assert all(stopped_at < due_at < back_at for due_at in falling_due)
    assert written_meanwhile == {DeliveryState.PENDING}  # the broker refused them: left to the sweep
    assert Counter(registered.values()) == {CONFIRMED: SEATS, WAITLISTED: NEWCOMERS - SEATS}
    assert late.status == 302

    # Beat's next tick after Redis is back (up to a minute later), then the workers send everything.
    assert wait_for(everything_went_out, timeout=150, every=0.5), stack.logs()
    time.sleep(2)  # anything sent twice would be written by now
    final = places(opened)
    assert Counter(final.values()) == {
        CONFIRMED: SEATS,
        WAITLISTED: NEWCOMERS - SEATS - LEAVING + 1,  # and the latecomer, after Redis came back
        CANCELLED: LEAVING,
    }
    expected = Counter()
    for session in (in_flight, falls_due):
        expected.update((email, reminder(session)) for email in places(session))
    expected.update(emails_for_places(opened, registered, final))
    assert stack.emails() == expected


def emails_for_places(session, registered: dict, final: dict) -> Counter:
    """One reminder per confirmed person, and one e-mail per place as it stands when the e-mail is sent
    (a place that changed before its e-mail could go out gets the e-mail of the new place only)."""
    expected = Counter()
    for email, status in final.items():
        if status == CONFIRMED:
            expected[email, reminder(session)] += 1
            promoted = registered.get(email) == WAITLISTED
            expected[
                email, f"{'You have a seat' if promoted else 'You are registered'}: {session.title}"
            ] += 1
        elif status == WAITLISTED:
            expected[email, f"You are on the waiting list: {session.title}"] += 1
    return expected
