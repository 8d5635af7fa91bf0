"""A cooperative's staff member takes the self-assessment in a real browser, twice, and sees the change."""

from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from members.enums import MembershipRole
from practices.enums import MaturityDimension
from tests.browser.test_account_journey import sign_in
from tests.factories.assessments import active_questionnaire
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory

PASSWORD = "correct horse battery"
WEAK = {MaturityDimension.AUTOMATION_AI.label, MaturityDimension.GREEN.label}


def answer_everything(page: Page, score_for) -> None:
    """Tick, in every dimension's fieldset, the answer scored ``score_for(dimension name)`` (0..4)."""
    for dimension in page.locator("fieldset.dimension").all():
        name = dimension.locator("legend").first.inner_text()
        for question in dimension.locator("fieldset.question").all():
            question.locator("input[type=radio]").nth(score_for(name)).check()


def test_staff_take_the_assessment_see_weakest_and_practices_then_the_change(page: Page):
    active_questionnaire()
    cooperative = OrganisationFactory(name="Cooperativa Aurora", parent=FederationFactory())
    staff = MembershipFactory(
        organisation=cooperative, role=MembershipRole.STAFF, user=UserFactory(email="staff@example.org")
    ).user
    EmailAddress.objects.create(user=staff, email=staff.email, primary=True, verified=True)
    PracticeFactory(title="Robots chosen by the workers", dimensions=[MaturityDimension.AUTOMATION_AI])
    PracticeFactory(title="A readiness practice", dimensions=[MaturityDimension.READINESS])

    sign_in(page, staff.email, PASSWORD)
    page.goto("/assessments/")
    page.get_by_role("button", name="Start a new assessment for Cooperativa Aurora").click()
    expect(page.locator("#progress")).to_contain_text("0 of 24 answered")
    first_question = page.locator("fieldset.question input[type=radio]").first
    first_question.focus()
    page.keyboard.press("ArrowDown")  # radio groups work with the keyboard
    expect(page.locator("fieldset.question").first.locator("input[type=radio]").nth(1)).to_be_checked()
    expect(page.locator("#progress")).to_contain_text("1 of 24 answered")  # saved silently (htmx)
    page.get_by_role("button", name="Finish and see the result").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("23 questions are not answered yet")

    answer_everything(page, lambda name: 0 if name in WEAK else 3)
    page.get_by_role("button", name="Finish and see the result").click()

    expect(page.get_by_role("img", name="Digital maturity by dimension, out of 100")).to_be_visible()
    weakest = page.locator(".weakest-list")
    expect(weakest).to_contain_text("Automation and artificial intelligence")
    expect(weakest).to_contain_text("Green digitalisation")
    expect(page.get_by_role("link", name="Robots chosen by the workers")).to_be_visible()
    expect(page.get_by_role("link", name="A readiness practice")).to_have_count(0)
    expect(page.locator(".score-table")).not_to_contain_text("Previous")

    page.get_by_role("button", name="Start a new assessment").click()
    answer_everything(page, lambda name: 2 if name in WEAK else 4)
    page.get_by_role("button", name="Finish and see the result").click()

    table = page.locator(".score-table")
    expect(table.get_by_role("columnheader", name="Change")).to_be_visible()
    expect(table.get_by_role("row", name="Green digitalisation")).to_contain_text("+50.0")
    expect(table.get_by_role("row", name="Overall")).to_contain_text("+33.3")
    expect(page.locator(".radar-previous")).to_have_count(1)
