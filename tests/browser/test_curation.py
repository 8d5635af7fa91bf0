"""A curator publishes a submitted practice from the curator queue; then anyone can see it."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from members.enums import MembershipRole
from practices.enums import PracticeStatus
from practices.models import Practice
from practices.services.curation import practice_transition
from tests.browser.test_account_journey import sign_in
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory
from tests.factories.practices import PracticeFactory
from tests.practices.test_curation import make_curator

PASSWORD = "correct horse battery"
TITLE = "Drimlab metaverse prototyping"


@pytest.fixture
def submitted_practice(transactional_db) -> Practice:
    cooperative = OrganisationFactory(parent=FederationFactory(), name="Drimlab", country="IT")
    staff = MembershipFactory(organisation=cooperative, role=MembershipRole.STAFF).user
    practice = PracticeFactory(owner=cooperative, title=TITLE, status=PracticeStatus.DRAFT, published_at=None)
    practice_transition(practice=practice, to_status=PracticeStatus.SUBMITTED, by=staff, site_url="http://x")
    return practice


@pytest.fixture
def visitor_page(browser, live_server):
    """Someone else's browser, signed out."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_curator_publishes_a_submitted_practice_from_the_queue(
    page: Page, visitor_page: Page, submitted_practice
):
    curator = make_curator()
    EmailAddress.objects.create(user=curator, email=curator.email, primary=True, verified=True)
    visitor_page.goto(submitted_practice.get_absolute_url())
    expect(visitor_page.get_by_role("heading", name=TITLE)).to_have_count(0)  # not public yet

    sign_in(page, curator.email, PASSWORD)
    page.goto("/practices/curation/")
    row = page.locator(f"#queue-row-{submitted_practice.pk}")
    expect(row).to_contain_text("Submitted")
    page.evaluate("window.stillTheSamePage = true")
    row.get_by_role("button", name=f"Start review ({TITLE})").click()
    expect(row).to_contain_text("In review")
    row.get_by_label("Comment for the submitter").fill("Clear and complete, thank you.")
    row.get_by_role("button", name=f"Publish ({TITLE})").click()

    expect(row.get_by_role("status")).to_have_text(f"“{TITLE}” is published.")
    expect(row).to_contain_text("Published")
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place by htmx, no reload
    submitted_practice.refresh_from_db()
    assert submitted_practice.status == PracticeStatus.PUBLISHED
    assert any("Clear and complete" in message.body for message in mail.outbox)

    visitor_page.goto(submitted_practice.get_absolute_url())
    expect(visitor_page.get_by_role("heading", name=TITLE)).to_be_visible()
    visitor_page.goto("/api/practices/")
    expect(visitor_page.locator("body")).to_contain_text(TITLE)
