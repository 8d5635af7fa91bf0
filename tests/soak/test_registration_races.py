"""Faults 1 and 2 of issue 7, over real HTTP against gunicorn (several sync workers) on PostgreSQL, with
real Celery workers sending the e-mails: seats under contention, waiting-list promotion under
concurrent cancellations, and a registration form submitted twice at once.

Half of the people post like a plain browser (302 and a message), half like htmx (the registration box
back). Every person is signed in with a session of their own and posts the CSRF token of their page.
"""

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from sessions_app.enums import DeliveryState, RegistrationStatus
from sessions_app.models import Registration, RegistrationEmail, Session
from tests.factories.members import UserFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory
from tests.soak.browser import Browser, Response, run_at_once, signed_in
from tests.soak.locks import lock_waiters, row_locked
from tests.soak.stack import wait_for

pytestmark = pytest.mark.postgres

ROUNDS = int(os.environ.get("PORTAL_SOAK_ROUNDS", "20"))
PEOPLE, SEATS, LEAVING_THE_QUEUE = 40, 10, 5
CONFIRMED, WAITLISTED, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


def action(name: str, session: Session) -> str:
    return reverse(f"sessions_app:{name}", args=[session.programme.slug, session.number])


def answered_normally(response: Response, *, htmx: bool, page: str) -> bool:
    """A plain POST is redirected back to the page (with a message); htmx gets the registration box."""
    if htmx:
        return response.status == 200 and 'class="session-registration"' in response.text
    return response.status == 302 and response.location == page


def places(session: Session) -> dict[str, str]:
    return dict(Registration.objects.filter(session=session).values_list("user__email", "status"))


def waiting_queue(session: Session) -> list[str]:
    queue = Registration.objects.filter(session=session, status=WAITLISTED).order_by("waitlisted_at", "pk")
    return list(queue.values_list("user__email", flat=True))


def emails_settled() -> bool:
    return not RegistrationEmail.objects.filter(
        state__in=[DeliveryState.PENDING, DeliveryState.SENDING]
    ).exists()


def post_all(browsers: list[Browser], path: str, page: str) -> list[Response]:
    """Everyone posts ``path`` at the same instant; odd-numbered people post with htmx."""
    responses = run_at_once(
        [lambda b=b, i=i: b.post(path, {"next": page}, htmx=i % 2 == 1) for i, b in enumerate(browsers)]
    )
    errors = [r for r in responses if not isinstance(r, Response)]
    assert errors == [], errors
    return responses


def test_forty_people_for_ten_seats_then_concurrent_cancellations(stack):
    stack.start(web=8, workers=2)
    programme = ProgrammeFactory(title="Seats under contention")
    people = [UserFactory(email=f"racer{n:02}@example.org") for n in range(PEOPLE)]
    browsers = {person.email: signed_in(stack.base_url, person) for person in people}
    everyone = list(browsers.values())
    expected_emails: Counter = Counter()
    statuses: Counter = Counter()

    for number in range(1, ROUNDS + 1):
        session = SessionFactory(
            programme=programme, number=number, capacity=SEATS, title=f"Race {number:02}"
        )
        page, register = session.get_absolute_url(), action("session_register", session)

        # Everyone opens the first session's page (their CSRF token); later, four people a round do.
        readers = everyone if number == 1 else everyone[number % 10 :: 10]
        opened = run_at_once([lambda b=b, p=page: b.get(p) for b in readers])
        assert {r.status for r in opened} == {200}
        assert all(f'action="{register}"' in r.text for r in opened)
        registered = post_all(everyone, register, page)
        statuses.update(r.status for r in registered)

        assert all(answered_normally(r, htmx=i % 2 == 1, page=page) for i, r in enumerate(registered)), (
            [(r.status, r.location) for r in registered],
            stack.logs(),
        )
        assert Counter(places(session).values()) == {CONFIRMED: SEATS, WAITLISTED: PEOPLE - SEATS}, number
        seated = [email for email, status in places(session).items() if status == CONFIRMED]
        queue = waiting_queue(session)
        # The registration e-mails go out before anyone cancels, so that each person's e-mail is the
        # one for the place they took (an e-mail whose place has changed is, rightly, not sent).
        assert wait_for(emails_settled, 60), stack.logs()

        leaving = queue[-LEAVING_THE_QUEUE:]
        cancelled = post_all(
            [browsers[email] for email in seated + leaving],
            action("session_cancel_registration", session),
            page,
        )
        statuses.update(r.status for r in cancelled)

        after = places(session)
        assert sorted(e for e, s in after.items() if s == CONFIRMED) == sorted(queue[:SEATS]), number
        assert sorted(e for e, s in after.items() if s == WAITLISTED) == sorted(
            queue[SEATS:-LEAVING_THE_QUEUE]
        )
        assert sorted(e for e, s in after.items() if s == CANCELLED) == sorted(seated + leaving)
        expected_emails.update((email, f"You are registered: {session.title}") for email in seated)
        expected_emails.update((email, f"You are on the waiting list: {session.title}") for email in queue)
        expected_emails.update((email, f"You have a seat: {session.title}") for email in queue[:SEATS])

    assert wait_for(emails_settled, 120), stack.logs()
    assert set(statuses) <= {200, 302}, statuses
    assert stack.emails() == expected_emails  # each person exactly once per place, nobody promoted twice
    assert sum(expected_emails.values()) == ROUNDS * (PEOPLE + SEATS)


def test_a_form_submitted_twice_at_once_makes_one_registration(stack):
    stack.start(web=4, workers=1)
    session = SessionFactory(capacity=5, title="Double submit")
    page, register = session.get_absolute_url(), action("session_register", session)
    people = [UserFactory(email=f"twice{n:02}@example.org") for n in range(16)]
    browsers = [signed_in(stack.base_url, person) for person in people]
    for browser in browsers:
        assert browser.get(page).status == 200

    # Both POSTs provably in flight together: they wait inside the server for the session row, which
    # the test holds, until both are waiting.
    in_flight = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for browser in browsers[:8]:
            with row_locked(Session, session.pk):
                pair = [pool.submit(browser.post, register, {"next": page}) for _ in range(2)]
                in_flight.append(wait_for(lambda: len(lock_waiters()) == 2, timeout=4, every=0.02))
            assert [future.result().status for future in pair] == [302, 302]
    # And without the lock's help: eight people double-submitting at the same instant.
    raced = run_at_once(
        [lambda b=b: b.post(register, {"next": page}) for b in browsers[8:] for _ in range(2)]
    )

    assert in_flight == [True] * 8
    assert {r.status for r in raced} == {302}
    assert Counter(Registration.objects.filter(session=session).values_list("user__email", flat=True)) == {
        person.email: 1 for person in people
    }
    assert Counter(places(session).values()) == {CONFIRMED: 5, WAITLISTED: 11}
    assert wait_for(emails_settled, 60), stack.logs()
    assert Counter(to for to, _subject in stack.emails().elements()) == {person.email: 1 for person in people}
