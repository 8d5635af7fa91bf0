"""Any screen: a 360 px wide phone, 200 % zoom, and paper.

- At 360 x 740 CSS px (a small Android phone) the main journeys work (search -> practice, registration,
  the assessment) and no main page scrolls sideways; every table is readable: its rows stack as cards
  whose cells say what they are, or it fits, or it scrolls inside a labelled region the keyboard can
  reach.
- 200 % zoom: browser zoom doubles the size of a CSS pixel, so a 1280 x 800 window at 200 % lays pages
  out exactly like a 640 x 400 CSS px viewport; ``device_scale_factor=2`` renders that viewport with two
  device pixels per CSS pixel, as zoom does. (Chromium's CSS ``zoom`` property would also scale, but it
  changes what ``getBoundingClientRect`` reports and is not what a reader's zoom does.) WCAG 1.4.4 and
  1.4.10 ask that nothing is lost there.
- Print (``emulate_media(media="print")``): the programme report, a practice page and the funder pack
  keep their content and drop navigation, forms and buttons.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    DEMO_COOPERATIVE_STAFF,
    DEMO_MEMBER,
    DEMO_PROGRAMME,
    DEMO_STAFF,
    OPEN_PROGRAMME,
    sign_in_as,
)

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
ZOOM_200 = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}
REPORT = f"/programmes/{DEMO_PROGRAMME}/report/"
FUNDER_PACK = f"/programmes/{DEMO_PROGRAMME}/funder-pack/"
PRACTICE = "/practices/node-digital-innovation-hub/"
OPEN_SESSION = f"/programmes/{OPEN_PROGRAMME}/sessions/1/"
PUBLIC_PAGES = [
    "/",
    "/programmes/",
    f"/programmes/{DEMO_PROGRAMME}/",
    REPORT,
    "/sessions/",
    f"/programmes/{DEMO_PROGRAMME}/sessions/3/",
    OPEN_SESSION,
    "/practices/?q=digital&country=IT",
    PRACTICE,
    "/members/",
    "/members/drimlab/",
    "/accounts/login/",
    "/accounts/signup/",
]
STAFF_PAGES = [
    f"{OPEN_SESSION}registrations/",
    f"/programmes/{DEMO_PROGRAMME}/sessions/3/summary/",
    FUNDER_PACK,
    "/federations/cecop/needs/",
    "/commitments/",
    "/me/",
    "/me/sessions/",
    "/practices/new/",
]

pytestmark = pytest.mark.usefixtures("demo_portal")

# For each visible table in <main>: stacked (its rows are blocks) with a label on every data cell; or
# fitting the screen; or inside a focusable region with a name that scrolls it sideways.
TABLES_READABLE = """() => [...document.querySelectorAll("main table")]
  .filter(t => t.checkVisibility()).map(t => {
  const stacked = getComputedStyle(t.rows[0]).display === "block";
  const cells = [...t.querySelectorAll("tbody td")].filter(td => td.parentElement.cells.length > 1);
  const labelled = cells.every(td => td.dataset.label);
  const fits = t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1;
  const region = t.closest("[role=region]");
  const scrolls = !!region && region.tabIndex === 0 && !!(region.getAttribute("aria-labelledby")
    || region.getAttribute("aria-label")) && getComputedStyle(region).overflowX === "auto";
  return {table: t.className || t.outerHTML.slice(0, 60), stacked, labelled, fits, scrolls,
          ok: stacked ? labelled : (fits || scrolls)};
})"""


def assert_no_sideways_scroll(page: Page, width: int) -> None:
    overflow = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth,
                   wide: [...document.querySelectorAll("body *")].filter(el => {
                     const box = el.getBoundingClientRect();
                     return el.checkVisibility() && box.width > 0 && box.right > innerWidth + 1
                       && !el.closest("[role=region]");
                   }).slice(0, 5).map(el => el.outerHTML.slice(0, 100))})"""
    )
    assert overflow["scroll"] <= width + 1, f"{page.url} is {overflow['scroll']} px wide: {overflow['wide']}"


def assert_tables_readable(page: Page) -> None:
    tables = page.evaluate(TABLES_READABLE)
    unreadable = [table for table in tables if not table["ok"]]
    assert not unreadable, f"{page.url}: tables not readable at this width: {unreadable}"


def check_page(page: Page, url: str, width: int) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url} answered {response.status}"
    expect(page.locator("h1")).to_be_visible()
    assert_no_sideways_scroll(page, width)
    assert_tables_readable(page)


def test_every_main_page_fits_a_360_px_screen(new_page):
    visitor = new_page(**PHONE)
    for url in PUBLIC_PAGES:
        check_page(visitor, url, 360)
    staff = new_page(**PHONE)
    sign_in_as(staff, DEMO_STAFF)
    for url in STAFF_PAGES:
        check_page(staff, url, 360)
    # The registrants stack as cards: each cell says what it is, and the attendance toggle is there
    # (attendance is taken once a session has started: a past one).
    staff.goto(f"/programmes/{DEMO_PROGRAMME}/sessions/3/registrations/")
    first = staff.locator("table.registrants tbody tr").first
    expect(first.get_by_role("button", name=re.compile(r"^Attended · "))).to_be_visible()
    label = first.locator("td[data-label]").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Organisation"'
    # The needs dashboard's wide table scrolls inside a named region, not the page.
    staff.goto("/federations/cecop/needs/")
    region = staff.get_by_role("region", name=re.compile(r"Average score \(0-100\) by country"))
    expect(region).to_be_visible()
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")


def test_search_then_open_a_practice_on_a_phone(new_page):
    page = new_page(**PHONE)
    page.goto("/practices/")
    page.get_by_label("Search practices").press_sequentially("digital", delay=30)
    expect(page).to_have_url(re.compile(r"/practices/\?q=digital$"))
    filters = page.locator("details.facet-panel")
    filters.locator("summary").click()  # on a phone the facets fold away above the results
    page.get_by_role("group", name="Country").get_by_label("Italy").check()
    expect(page).to_have_url(re.compile(r"country=IT"))
    assert_no_sideways_scroll(page, 360)
    first = page.locator(".practice-card-title a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_no_sideways_scroll(page, 360)
    assert_tables_readable(page)


def test_register_for_a_session_on_a_phone(new_page):
    page = new_page(**PHONE)
    sign_in_as(page, DEMO_MEMBER)
    page.goto(OPEN_SESSION)
    box = page.locator(".session-registration")
    box.get_by_role("button", name="Register").click()
    expect(box.get_by_role("status")).to_contain_text("You are registered")
    assert_no_sideways_scroll(page, 360)
    page.goto("/me/sessions/")
    expect(page.get_by_role("heading", name="1. Trying a digital innovation hub")).to_be_visible()
    assert_no_sideways_scroll(page, 360)


def test_take_the_assessment_on_a_phone(new_page):
    page = new_page(**PHONE)
    sign_in_as(page, DEMO_COOPERATIVE_STAFF)
    page.goto("/assessments/")
    assert_no_sideways_scroll(page, 360)
    page.get_by_role("button", name="Start a new assessment for Drimlab").click()
    expect(page.locator("#progress")).to_contain_text("0 of 24 answered")
    assert_no_sideways_scroll(page, 360)
    for question in page.locator("fieldset.question").all():
        question.locator("label").nth(3).click()  # tap the answer's label, as a thumb would
    expect(page.locator("#progress")).to_contain_text("24 of 24 answered")
    page.get_by_role("button", name="Finish and see the result").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    expect(page.get_by_role("img", name=re.compile("Digital maturity by dimension"))).to_be_visible()
    assert_no_sideways_scroll(page, 360)
    assert_tables_readable(page)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "staff"])
def test_pages_work_at_200_percent_zoom(new_page, signed_in):
    page = new_page(**ZOOM_200)
    if signed_in:
        sign_in_as(page, DEMO_STAFF)
        urls = [f"{OPEN_SESSION}registrations/", FUNDER_PACK, "/federations/cecop/needs/"]
    else:
        urls = ["/", "/practices/?q=digital", PRACTICE, REPORT, OPEN_SESSION, "/accounts/login/"]
    for url in urls:
        check_page(page, url, 640)
        # The header is not sticky, so at 400 px of height it never hides the content under it.
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).position") == "static"
    page.goto("/")
    practices = page.get_by_role("navigation", name="Main").get_by_role("link", name="Practices", exact=True)
    expect(practices).to_be_visible()


def hidden_in_print(page: Page, selector: str) -> list[str]:
    """Elements matching ``selector`` inside the page that still show when printed."""
    return page.evaluate(
        "selector => [...document.querySelectorAll(selector)].filter(el => el.checkVisibility())"
        ".map(el => el.outerHTML.slice(0, 100))",
        selector,
    )


@pytest.mark.parametrize(
    ("url", "content"),
    [
        (REPORT, "Common trends"),
        (PRACTICE, "Node: a Digital Innovation Hub of Confcooperative"),
        (FUNDER_PACK, "Indicators"),
    ],
    ids=["programme-report", "practice", "funder-pack"],
)
def test_print_keeps_the_content_and_drops_navigation_forms_and_buttons(new_page, url, content):
    page = new_page()
    sign_in_as(page, DEMO_STAFF)  # staff see the most controls: all must go
    page.goto(url)
    page.emulate_media(media="print")
    header_nav = page.locator(".site-header nav")
    assert header_nav.evaluate("nav => getComputedStyle(nav.closest('header')).display") == "none"
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator(".skip-link")).to_be_hidden()
    for selector in ["nav", "form", "button", ".button", "main select", "main input:not([type=hidden])"]:
        assert hidden_in_print(page, selector) == [], f"{selector} still shows in print on {url}"
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text(content)
    assert page.locator("main").evaluate("m => m.innerText.length") > 500
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()
