"""Fault 5 of issue 7: a PostgreSQL connection dropped under a running request. The person sees the
friendly 503 page, and the next request succeeds.

gunicorn runs one sync worker, so the next request is served by the very process whose connection was
dropped. The request is held in flight by a row lock the test takes on the session (registration locks
that row), and its backend — found in pg_stat_activity — is terminated with ``pg_terminate_backend``,
as a failover or a connection reaper would.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from sessions_app.enums import RegistrationStatus
from sessions_app.models import Registration, Session
from tests.factories.sessions import SessionFactory
from tests.soak.browser import PASSWORD, Browser, person_who_can_sign_in
from tests.soak.locks import backends_of, lock_waiters, row_locked, terminate_backends
from tests.soak.stack import wait_for

pytestmark = pytest.mark.postgres


def test_a_connection_dropped_under_a_request_is_a_503_and_the_next_request_works(stack):
    stack.start(web=1)
    session = SessionFactory(capacity=10, title="Dropped connection")
    page = session.get_absolute_url()
    register = reverse("sessions_app:session_register", args=[session.programme.slug, session.number])
    person = person_who_can_sign_in("dropped@example.org")
    browser = Browser(stack.base_url)
    signed_in = browser.sign_in(person.email, PASSWORD)
    assert browser.get(page).status == 200

    with row_locked(Session, session.pk), ThreadPoolExecutor(max_workers=1) as pool:
        request = pool.submit(browser.post, register, {"next": page})
        in_flight = wait_for(lock_waiters, timeout=4, every=0.02)
        terminate_backends(list(lock_waiters()))
        dropped = request.result(timeout=30)
    retried = browser.post(register, {"next": page})
    # And every connection of the server dropped while it is idle (a database restart): the health
    # check at the start of the next request notices and reconnects.
    terminate_backends(backends_of("web"))
    after_a_restart = browser.get(page)

    assert signed_in.status == 302
    assert in_flight, stack.logs()
    assert dropped.status == 503, (dropped.status, dropped.text[:500], stack.logs())
    assert dropped.headers["retry-after"] == "30"
    assert "The portal is briefly unavailable" in dropped.text
    assert (retried.status, retried.location) == (302, page)
    assert Registration.objects.get(session=session, user=person).status == RegistrationStatus.CONFIRMED
    assert after_a_restart.status == 200
    assert "You are registered." in after_a_restart.text
    web_log = (stack.folder / "web.log").read_text()
    assert web_log.count("Booting worker") == 1, web_log  # the same process served all of it
