"""Registration in a real browser: a full session's waiting list, leaving it, promotion when a seat frees
up (with its e-mail), and staff marking attendance with one click per person."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from members.enums import MembershipRole
from sessions_app.enums import RegistrationStatus
from sessions_app.models import Registration, Session
from sessions_app.services.registrations import registration_create
from tests.browser.test_account_journey import sign_in
from tests.factories.members import MembershipFactory, UserFactory
from tests.factories.registrations import ProgrammeFactory, SessionFactory

PASSWORD = "correct horse battery"
# The session page labels its button "Join the waiting list" once it passes the seat count to the box
# (sessions_app.selectors.registrations.registration_context); the server decides either way.
REGISTER = re.compile(r"^(Join the waiting list|Register)$")


def person(email: str, **kwargs):
    user = UserFactory(email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


@pytest.fixture
def browser_page(browser, live_server):
    """A second person's own browser (``page`` is the first one's)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_member_waits_leaves_rejoins_and_gets_the_seat_when_it_frees_up(page: Page, browser_page: Page):
    session = SessionFactory(capacity=1, title="Culture of digitalisation")
    ben = person("ben@example.org", full_name="Ben Vella")
    registration_create(session=session, user=ben, site_url="http://testserver")  # the only seat
    ana = person("ana@example.org", full_name="Ana Borg")
    mail.outbox.clear()

    sign_in(page, ana.email, PASSWORD)
    page.goto(session.get_absolute_url())
    box = page.locator(f"#registration-{session.pk}")
    box.get_by_role("button", name=REGISTER).click()
    expect(box.get_by_text("You are number 1 on the waiting list.")).to_be_visible()
    expect(box.get_by_role("status")).to_have_text("The session is full: you are on the waiting list.")

    box.get_by_role("button", name="Leave the waiting list").click()
    expect(box.get_by_text("You have left the waiting list.")).to_be_visible()
    expect(box.get_by_text("All seats are taken.")).to_be_visible()
    box.get_by_role("button", name="Join the waiting list").click()
    expect(box.get_by_text("You are number 1 on the waiting list.")).to_be_visible()
    assert Registration.objects.get(user=ana).status == RegistrationStatus.WAITLISTED

    sign_in(browser_page, ben.email, PASSWORD)
    browser_page.goto("/me/sessions/")
    browser_page.get_by_role("button", name="Cancel my registration").click()
    expect(browser_page.get_by_text("Your registration is cancelled.")).to_be_visible()

    assert Registration.objects.get(user=ana).status == RegistrationStatus.CONFIRMED
    seat_mail = [m for m in mail.outbox if m.to == [ana.email] and m.subject.startswith("You have a seat")]
    assert len(seat_mail) == 1
    page.goto("/me/sessions/")
    expect(page.get_by_role("heading", name=f"{session.number}. Culture of digitalisation")).to_be_visible()
    expect(page.get_by_text("Registered", exact=True)).to_be_visible()


def test_staff_mark_attendance_with_one_click_per_person(page: Page):
    programme = ProgrammeFactory()
    staff = person("staff@example.org")
    MembershipFactory(organisation=programme.organiser, role=MembershipRole.STAFF, user=staff)
    session = SessionFactory(programme=programme)
    for email, name in [("ana@example.org", "Ana Borg"), ("ben@example.org", "Ben Vella")]:
        registration_create(session=session, user=UserFactory(email=email, full_name=name))
    # Attendance is taken once the session has started.
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(minutes=10))

    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/programmes/{programme.slug}/sessions/{session.number}/registrations/")
    ana_button = page.get_by_role("button", name="Attended · Ana Borg")
    expect(ana_button).to_have_attribute("aria-pressed", "false")
    ana_button.click()

    expect(page.get_by_role("button", name="Attended · Ana Borg")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Attended · Ben Vella")).to_have_attribute("aria-pressed", "false")
    attended = dict(Registration.objects.values_list("user__email", "attended"))
    assert attended == {"ana@example.org": True, "ben@example.org": None}
    page.get_by_role("button", name="Attended · Ana Borg").click()
    expect(page.get_by_role("button", name="Attended · Ana Borg")).to_have_attribute("aria-pressed", "false")


def test_staff_remove_a_registrant_only_after_saying_yes(page: Page):
    programme = ProgrammeFactory()
    staff = person("staff@example.org")
    MembershipFactory(organisation=programme.organiser, role=MembershipRole.STAFF, user=staff)
    session = SessionFactory(programme=programme)
    registration_create(session=session, user=UserFactory(email="ana@example.org", full_name="Ana Borg"))
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/programmes/{programme.slug}/sessions/{session.number}/registrations/")
    questions = []

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Remove · Ana Borg").click()
    expect(page.get_by_role("button", name="Remove · Ana Borg")).to_be_visible()
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED  # "Cancel": nothing happened
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove · Ana Borg").click()

    expect(page.get_by_text("Ana Borg was removed.")).to_be_visible()
    assert questions == [
        "Remove Ana Borg from this session? If they had a seat, the first person on the waiting list gets it "
        "and an e-mail."
    ]
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
