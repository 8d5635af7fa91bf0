"""Staff invite a newcomer; she opens the link signed out, signs up, and joins — as seen in a real browser."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from members.enums import MembershipRole
from members.models import Membership
from tests.browser.test_account_journey import confirmation_link, sign_in
from tests.factories.members import FederationFactory, MembershipFactory, UserFactory

INVITED = "ana@example.org"
PASSWORD = "worker-owned-2031"
STAFF_PASSWORD = "correct horse battery"
INVITATION_LINK = re.compile(r"https?://\S+/invitations/\S+/")


def staff_invites_ana(page: Page) -> str:
    """Lega Test's staff send an invitation from the portal; returns the link e-mailed to Ana."""
    federation = FederationFactory(name="Lega Test")
    staff = MembershipFactory(
        organisation=federation, role=MembershipRole.STAFF, user=UserFactory(email="staff@example.org")
    ).user
    EmailAddress.objects.create(user=staff, email=staff.email, primary=True, verified=True)

    sign_in(page, staff.email, STAFF_PASSWORD)
    page.goto(federation.get_absolute_url())
    page.get_by_role("link", name="Invite people").click()
    page.get_by_label("E-mail address").fill(INVITED)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"Invitation sent to {INVITED}.")).to_be_visible()

    (message,) = [m for m in mail.outbox if INVITED in m.to]
    return INVITATION_LINK.search(message.body).group(0)


@pytest.fixture
def ana_page(browser, live_server):
    """Ana's own browser, signed out: the staff member uses ``page``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def open_the_link_and_sign_up(page: Page, link: str, email: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Join Lega Test")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()


def accept(page: Page, link: str) -> None:
    expect(page).to_have_url(link)
    page.get_by_role("button", name="Accept and join Lega Test").click()
    expect(page.get_by_text("You are now a member of Lega Test.")).to_be_visible()
    expect(page.get_by_role("heading", name="Lega Test", level=1)).to_be_visible()
    expect(page.get_by_text("You are a member of this organisation.")).to_be_visible()


def test_invited_newcomer_signs_up_with_the_invited_address_and_joins_without_a_confirmation_email(
    page: Page, ana_page: Page
) -> None:
    ana = ana_page
    link = staff_invites_ana(page)
    mail.outbox.clear()

    open_the_link_and_sign_up(ana, link, INVITED)

    expect(ana.locator(".signed-in-as")).to_have_text(f"Signed in as {INVITED}")
    expect(ana.get_by_text("This invitation was sent to")).to_have_count(0)
    accept(ana, link)
    assert mail.outbox == []
    membership = Membership.objects.get(user__email=INVITED)
    assert (membership.organisation.name, membership.role) == ("Lega Test", MembershipRole.MEMBER)


def test_invited_newcomer_with_another_address_confirms_it_then_joins(page: Page, ana_page: Page) -> None:
    ana = ana_page
    link = staff_invites_ana(page)
    other = "ana.private@example.net"

    open_the_link_and_sign_up(ana, link, other)
    expect(ana.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    ana.goto(confirmation_link(other))
    ana.get_by_role("button", name="Confirm").click()

    expect(ana.locator(".signed-in-as")).to_have_text(f"Signed in as {other}")
    expect(ana.get_by_text(f"This invitation was sent to {INVITED}")).to_be_visible()
    accept(ana, link)
    assert Membership.objects.get(user__email=other).organisation.name == "Lega Test"
