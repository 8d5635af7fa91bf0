"""A staff member writes and publishes a session's summary in a real browser; registrants get it once."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from members.enums import MembershipRole
from sessions_app.enums import RegistrationStatus
from sessions_app.models import Registration, Summary, SummaryDelivery
from tests.browser.test_account_journey import sign_in
from tests.factories.members import MembershipFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory

STAFF_PASSWORD = "correct horse battery"


def test_staff_write_and_publish_a_summary_that_is_emailed_and_shown(page: Page):
    session = SessionFactory(
        programme=ProgrammeFactory(title="Digital transitions"),
        title="Tools for worker cooperatives",
        starts_at=timezone.now() - timedelta(days=1),
    )
    practice = PracticeFactory(title="Shared accounting platform")
    staff = MembershipFactory(
        organisation=session.programme.organiser,
        role=MembershipRole.STAFF,
        user=UserFactory(email="staff@example.org"),
    ).user
    EmailAddress.objects.create(user=staff, email=staff.email, primary=True, verified=True)
    attendee = Registration.objects.create(
        session=session,
        user=UserFactory(email="attendee@example.org"),
        status=RegistrationStatus.CONFIRMED,
        attended=True,
    )
    Registration.objects.create(
        session=session, user=UserFactory(email="absent@example.org"), status=RegistrationStatus.CONFIRMED
    )

    sign_in(page, staff.email, STAFF_PASSWORD)
    page.goto(session.get_absolute_url())
    page.get_by_role("link", name="Write the summary").click()
    page.get_by_label("Summary:").fill("We compared **three** tools.")
    page.get_by_label("Key takeaways:").fill("- Start small")
    page.get_by_role("group", name="Practices presented").get_by_label(practice.title).check()
    page.get_by_label("Recording link:").fill("https://video.example.org/session-1")
    page.get_by_role("button", name="Save the summary").click()
    expect(
        page.get_by_text("Summary saved. Publish it to show it and e-mail the registrants.")
    ).to_be_visible()
    assert mail.outbox == []
    page.get_by_role("button", name="Publish and e-mail the summary").click()

    expect(page.get_by_text("Summary published; it is being e-mailed to 2 people.")).to_be_visible()
    summary_block = page.locator(".session-summary")
    expect(summary_block.get_by_role("heading", name="Summary")).to_be_visible()
    expect(summary_block.locator("strong", has_text="three")).to_be_visible()
    expect(summary_block.get_by_text("Start small")).to_be_visible()
    expect(page.get_by_role("link", name=practice.title)).to_be_visible()
    assert [message.to for message in mail.outbox] == [["attendee@example.org"], ["absent@example.org"]]
    assert mail.outbox[0].subject == "Summary: Tools for worker cooperatives"
    assert "https://video.example.org/session-1" in mail.outbox[0].body
    assert Summary.objects.get().published_at is not None
    assert SummaryDelivery.objects.get(registration=attendee).priority == 0
