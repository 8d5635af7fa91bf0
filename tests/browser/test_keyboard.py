"""The main journeys with the keyboard only: Tab, Shift+Tab, Enter, Space and the arrow keys, no mouse.

Every stop shows where the focus is (an outline or a box shadow), and every htmx update either lands in
a live region that screen readers announce or keeps the focus on the control that was used.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    DEMO_COOPERATIVE_STAFF,
    DEMO_MEMBER,
    DEMO_PASSWORD,
    DEMO_PROGRAMME,
    DEMO_STAFF,
    OPEN_PROGRAMME,
)

OPEN_SESSION = f"/programmes/{OPEN_PROGRAMME}/sessions/1/"
PAST_SESSION = f"/programmes/{DEMO_PROGRAMME}/sessions/3/"
MAX_TABS = 80

pytestmark = pytest.mark.usefixtures("demo_portal")

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    element: el.outerHTML.slice(0, 120),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
  };
}"""


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def wait_for_htmx_to_settle(page: Page) -> None:
    """htmx wires swapped-in content up as it settles: a key pressed before that would submit a form as a
    plain page (which works too, but is not the journey under test)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def tab_to(page: Page, target: Locator, *, key: str = "Tab") -> None:
    """Press Tab (or ``key``) until ``target`` has the focus, checking the focus is visible each time."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if is_focused(target):
            return
    raise AssertionError(f"{MAX_TABS} presses of {key} never reached {target}")


def assert_focus_visible(page: Page) -> None:
    focus = page.evaluate(FOCUS_STYLE)
    assert focus["outline"] or focus["shadow"], f"no visible focus indicator on {focus['element']}"
    assert focus["onScreen"], f"the focused element is off screen: {focus['element']}"


def keyboard_sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Email:"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password:", exact=True)).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".signed-in-as")).to_be_visible()


def test_the_skip_link_is_first_and_moves_the_focus_to_the_main_content(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert_focus_visible(page)

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")  # not back in the header
    assert_focus_visible(page)
    page.keyboard.press("Shift+Tab")  # back out of the content, into the header's last control
    assert page.evaluate("document.activeElement.closest('header') !== null")


def test_search_the_catalogue_and_toggle_a_facet_with_the_keyboard(page: Page):
    page.goto("/practices/")
    results = page.locator("#practice-results")
    expect(results).to_have_attribute("aria-live", "polite")  # updates are announced
    search = page.get_by_label("Search practices")
    tab_to(page, search)
    page.keyboard.type("digital", delay=40)
    expect(page).to_have_url(re.compile(r"/practices/\?q=digital$"))
    expect(search).to_be_focused()  # typing on while the results change under it
    expect(results.locator(".catalogue-summary")).to_have_text(re.compile(r"\d+ practices?"))

    italy = page.get_by_role("group", name="Country").get_by_label("Italy")
    tab_to(page, italy)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/practices/\?q=digital&country=IT$"))
    expect(italy).to_be_checked()
    expect(italy).to_be_focused()  # htmx kept the focus on the facet (same id after the swap)
    assert_focus_visible(page)
    expect(results.get_by_role("link", name=re.compile(r"Italy"))).to_be_visible()  # the active filter

    page.keyboard.press("Space")  # and off again
    expect(page).to_have_url(re.compile(r"/practices/\?q=digital$"))
    expect(italy).not_to_be_checked()


def test_register_for_a_session_with_the_keyboard(page: Page):
    keyboard_sign_in(page, DEMO_MEMBER)
    page.goto(OPEN_SESSION)
    box = page.locator(".session-registration")
    tab_to(page, box.get_by_role("button", name="Register"))
    page.keyboard.press("Enter")

    expect(box.get_by_role("status")).to_contain_text("You are registered")
    # The meeting's line beside the box follows the place at once (this demo session has no link yet).
    expect(page.locator(".meta-list")).to_contain_text("The link is not set yet.")
    cancel = box.get_by_role("button", name="Cancel my registration")
    expect(cancel).to_be_focused()  # the focus stays where the action was, on the box's new button
    assert_focus_visible(page)
    wait_for_htmx_to_settle(page)

    page.keyboard.press("Enter")
    expect(box.get_by_role("status")).to_have_text("Your registration is cancelled.")
    expect(box.get_by_role("button", name="Register")).to_be_focused()
    expect(page.locator(".meta-list")).to_contain_text("The link is shown to confirmed participants.")


def test_take_the_assessment_to_its_result_with_the_keyboard(page: Page):
    keyboard_sign_in(page, DEMO_COOPERATIVE_STAFF)
    page.goto("/assessments/")
    tab_to(page, page.get_by_role("button", name="Start a new assessment for Drimlab"))
    page.keyboard.press("Enter")

    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(24)
    progress = page.get_by_role("status").filter(has=page.locator("#progress"))
    tab_to(page, questions.first.locator("input[type=radio]").first)
    for number in range(24):
        radios = questions.nth(number).locator("input[type=radio]")
        if number:
            page.keyboard.press("Tab")  # from one question's radio group to the next
        expect(radios.first).to_be_focused()
        page.keyboard.press("ArrowDown")  # the arrow keys move within a group and tick the answer
        expect(radios.nth(1)).to_be_checked()
        expect(radios.nth(1)).to_be_focused()
        assert_focus_visible(page)
        if number == 0:
            expect(progress).to_contain_text("1 of 24 answered")  # saved by htmx, announced
    expect(progress).to_contain_text("24 of 24 answered")

    finish = page.get_by_role("button", name="Finish and see the result")
    page.keyboard.press("Tab")
    expect(finish).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Shift+Tab")
    expect(questions.last.locator("input[type=radio]").nth(1)).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    expect(page.get_by_role("img", name=re.compile("Digital maturity by dimension"))).to_be_visible()
    expect(page.get_by_role("table").filter(has_text="Overall")).to_be_visible()  # the chart as a table


def test_staff_toggle_attendance_with_the_keyboard(page: Page):
    keyboard_sign_in(page, DEMO_STAFF)
    page.goto(f"{PAST_SESSION}registrations/")  # attendance is taken once a session has started
    toggle = page.get_by_role("button", name=re.compile(r"^Attended · ")).first
    toggle_id = toggle.get_attribute("id")
    same_toggle = page.locator(f"#{toggle_id}")
    tab_to(page, same_toggle)
    expect(same_toggle).to_have_attribute("aria-pressed", "false")

    page.keyboard.press("Space")
    expect(same_toggle).to_have_attribute("aria-pressed", "true")
    expect(same_toggle).to_be_focused()  # the row was swapped; the focus stayed on its toggle
    assert_focus_visible(page)
    expect(same_toggle).to_contain_text("✓")  # not by colour alone: a mark and the pressed state

    wait_for_htmx_to_settle(page)
    page.keyboard.press("Enter")
    expect(same_toggle).to_have_attribute("aria-pressed", "false")
    expect(same_toggle).to_be_focused()
    page.keyboard.press("Tab")  # on to the same person's "Remove"
    expect(page.get_by_role("button", name=re.compile(r"^Remove · "))).to_have_count(14)  # the demo's
    assert page.evaluate("document.activeElement.textContent").strip().startswith("Remove")
