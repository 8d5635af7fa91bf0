"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds no violation on the portal's main pages, as a
visitor, a member, a cooperative's staff, a federation's staff and a programme's staff: in their first
state, after an htmx update (search and facets, registration, attendance) and with form errors shown.

Each test walks several pages and reports every violation of every page at once: rule id, impact,
help text and the CSS selectors of the elements at fault.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    DEMO_COOPERATIVE_STAFF,
    DEMO_FEDERATION_STAFF,
    DEMO_MEMBER,
    DEMO_PROGRAMME,
    DEMO_STAFF,
    OPEN_PROGRAMME,
    sign_in_as,
)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
REPORT = f"/programmes/{DEMO_PROGRAMME}/report/"
PAST_SESSION = f"/programmes/{DEMO_PROGRAMME}/sessions/3/"
OPEN_SESSION = f"/programmes/{OPEN_PROGRAMME}/sessions/1/"

pytestmark = pytest.mark.usefixtures("demo_portal")


class Audit:
    """Runs axe on one page after another and keeps what it finds, to report it all at the end."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.axe = Axe()
        self.findings: list[str] = []
        self.checked: list[str] = []

    def check(self, label: str) -> None:
        self.page.wait_for_load_state()
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        self.checked.append(label)
        for violation in results.response["violations"]:
            targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"])
            self.findings.append(
                f"{label} ({self.page.url}): {violation['id']} [{violation['impact']}] "
                f"{violation['help']} -> {targets}"
            )

    def visit(self, url: str, label: str | None = None) -> None:
        response = self.page.goto(url)
        assert response is not None
        assert response.status == 200, f"{url} answered {response.status}"
        self.check(label or url)

    def assert_clean(self) -> None:
        assert not self.findings, "axe found WCAG violations:\n" + "\n".join(self.findings)


def test_visitor_pages_have_no_violations(page: Page):
    audit = Audit(page)
    for url in [
        "/",
        "/programmes/",
        f"/programmes/{DEMO_PROGRAMME}/",
        REPORT,
        "/sessions/",
        PAST_SESSION,  # a past session with its summary and the practices presented
        OPEN_SESSION,  # the registration box: "Sign in to register"
        "/practices/",
        "/practices/?q=digital&country=IT&owner_kind=cooperative",  # a search with facets applied
        "/practices/node-digital-innovation-hub/",
        "/members/",
        "/members/drimlab/",
        "/accounts/signup/",
        "/accounts/login/",
    ]:
        audit.visit(url)

    page.goto("/sessions/")
    page.get_by_role("link", name="Past").click()  # htmx swaps the list
    expect(page.get_by_role("link", name="Past")).to_have_attribute("aria-current", "page")
    audit.check("session list, past tab (htmx)")

    page.goto("/practices/")
    results = page.locator("#practice-results")
    page.get_by_label("Search practices").press_sequentially("digital", delay=30)
    expect(page).to_have_url(re.compile(r"q=digital"))
    page.get_by_role("group", name="Country").get_by_label("Italy").check()
    expect(page).to_have_url(re.compile(r"country=IT"))
    expect(results.get_by_role("listitem").first).to_be_visible()
    audit.check("catalogue after an htmx search and a facet")
    audit.assert_clean()


def test_forms_with_errors_have_no_violations(page: Page):
    audit = Audit(page)
    page.goto("/accounts/signup/")
    page.get_by_label("Email:").fill("newcomer@example.org")
    page.get_by_label("Password:", exact=True).fill("short")
    page.get_by_label("Password (again):").fill("different")
    page.get_by_role("button", name="Sign Up").click()
    password = page.get_by_label("Password:", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    audit.check("sign-up with errors")
    # The error is tied to its field: the field's description names it.
    expect(password).to_have_accessible_description(re.compile(r"\S"))
    described_by = password.get_attribute("aria-describedby") or ""
    error_ids = [i for i in described_by.split() if i.endswith("_error")]
    assert error_ids, described_by
    expect(page.locator(f"#{error_ids[0]}")).to_be_visible()

    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill("nobody@example.org")
    page.get_by_label("Password:", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".errorlist")).to_be_visible()
    audit.check("sign-in with an error")
    audit.assert_clean()


def test_member_pages_have_no_violations(page: Page):
    sign_in_as(page, DEMO_MEMBER)
    audit = Audit(page)
    for url in ["/", "/me/", "/me/sessions/", "/practices/node-digital-innovation-hub/", "/members/drimlab/"]:
        audit.visit(url)
    audit.visit(OPEN_SESSION, "session page with the Register button")
    box = page.locator(".session-registration")
    box.get_by_role("button", name="Register").click()  # htmx swaps the box
    expect(box.get_by_role("status")).to_contain_text("registered")
    audit.check("registration box after registering (htmx)")
    audit.visit("/me/sessions/", "my sessions with a registration")
    audit.assert_clean()


def test_assessment_pages_have_no_violations(page: Page):
    sign_in_as(page, DEMO_COOPERATIVE_STAFF)
    audit = Audit(page)
    audit.visit("/assessments/")
    page.get_by_role("button", name="Start a new assessment for Drimlab").click()
    expect(page.locator("#progress")).to_contain_text("0 of 24 answered")
    audit.check("assessment, taking it")
    page.locator("fieldset.question").first.locator("input[type=radio]").nth(2).check()
    expect(page.locator("#progress")).to_contain_text("1 of 24 answered")  # htmx
    page.get_by_role("button", name="Finish and see the result").click()
    expect(page.locator(".error-summary")).to_be_focused()
    audit.check("assessment with unanswered questions")
    for question in page.locator("fieldset.question").all():
        question.locator("input[type=radio]").nth(2).check()
    page.get_by_role("button", name="Finish and see the result").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    expect(page.get_by_role("img", name=re.compile("Digital maturity by dimension"))).to_be_visible()
    audit.check("assessment result")
    audit.visit("/practices/new/", "practice form")
    audit.assert_clean()


def test_federation_staff_pages_have_no_violations(page: Page):
    sign_in_as(page, DEMO_FEDERATION_STAFF)
    audit = Audit(page)
    audit.visit("/federations/confcooperative-lavoro-e-servizi/needs/", "needs dashboard")
    audit.visit("/members/confcooperative-lavoro-e-servizi/", "own organisation page, as its staff")
    audit.assert_clean()


def test_programme_staff_pages_have_no_violations(page: Page):
    sign_in_as(page, DEMO_STAFF)
    audit = Audit(page)
    audit.visit("/federations/cecop/needs/", "needs dashboard with figures")
    audit.visit(REPORT, "programme report, as its staff")
    audit.visit(f"/programmes/{DEMO_PROGRAMME}/funder-pack/", "funder pack")
    audit.visit(f"{PAST_SESSION}summary/", "summary form")
    audit.visit(OPEN_SESSION, "session page with staff actions")
    audit.visit("/commitments/", "follow-up commitments")
    audit.visit(f"{PAST_SESSION}registrations/", "registrations list")  # attendance: once started
    toggle = page.get_by_role("button", name=re.compile(r"^Attended · ")).first
    name = toggle.get_attribute("id")
    toggle.click()  # htmx swaps the row
    expect(page.locator(f"#{name}")).to_have_attribute("aria-pressed", "true")
    audit.check("registrations list after marking attendance (htmx)")
    audit.assert_clean()
