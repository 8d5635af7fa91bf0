"""A member searches the catalogue, ticks a facet, and shares the URL — as seen in a real browser."""

import re

from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from practices.services.search_index import practices_reindex
from tests.browser.test_account_journey import sign_in
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.factories.practices import PracticeFactory

PASSWORD = "correct horse battery"  # tests.factories.members.UserFactory's


def make_catalogue() -> None:
    italy, finland = OrganisationFactory(country="IT"), OrganisationFactory(country="FI")
    PracticeFactory(title="Orchard platform", owner=italy)
    PracticeFactory(title="Orchard cooperative of Lapland", owner=finland)
    PracticeFactory(title="Shared accounting", owner=finland)
    practices_reindex()


def result_titles(page: Page) -> list[str]:
    return page.locator(".practice-card-title").all_inner_texts()


def test_member_searches_ticks_a_facet_and_shares_the_url(page: Page):
    make_catalogue()
    member = MembershipFactory().user
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    sign_in(page, member.email, PASSWORD)
    page.goto("/practices/")
    results = page.locator("#practice-results")
    expect(results.get_by_role("heading", name="3 practices")).to_be_visible()
    page.evaluate("window.__stillTheSamePage = true")

    page.get_by_label("Search practices").press_sequentially("orchard", delay=40)
    expect(results.get_by_role("heading", name="2 practices")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/practices/\?q=orchard$"))
    finland = page.get_by_role("group", name="Country").get_by_label("Finland")
    expect(finland).to_have_accessible_name(re.compile(r"Finland\s*\(1\)"))
    finland.check()

    expect(results.get_by_role("heading", name="1 practice")).to_be_visible()
    assert result_titles(page) == ["Orchard cooperative of Lapland"]
    expect(page).to_have_url(re.compile(r"/practices/\?q=orchard&country=FI$"))
    expect(page.get_by_role("group", name="Country").get_by_label("Finland")).to_be_focused()
    expect(page.get_by_role("group", name="Country").get_by_label("Finland")).to_be_checked()
    assert page.evaluate("window.__stillTheSamePage") is True  # no reload happened

    shared = page.context.new_page()
    shared.goto(page.url)
    expect(shared.get_by_role("heading", name="1 practice")).to_be_visible()
    assert result_titles(shared) == ["Orchard cooperative of Lapland"]
    expect(shared.get_by_label("Search practices")).to_have_value("orchard")
    expect(shared.get_by_role("group", name="Country").get_by_label("Finland")).to_be_checked()
    shared.close()

    page.go_back()
    expect(results.get_by_role("heading", name="2 practices")).to_be_visible()


def test_sorting_and_paging_keep_the_search_without_a_reload(page: Page):
    for number in range(25):
        PracticeFactory(title=f"Orchard {number:02}")
    PracticeFactory(title="Vineyard")
    practices_reindex()
    page.goto("/practices/?q=orchard")
    page.evaluate("window.__stillTheSamePage = true")
    results = page.locator("#practice-results")

    results.get_by_role("link", name="Title (A–Z)").click()
    expect(page).to_have_url(re.compile(r"/practices/\?q=orchard&sort=title$"))
    expect(page.locator(".practice-card-title").first).to_have_text("Orchard 00")
    results.get_by_role("link", name="Next →").click()

    expect(page).to_have_url(re.compile(r"/practices/\?q=orchard&sort=title&page=2$"))
    expect(page.locator(".practice-card-title").first).to_have_text("Orchard 20")
    assert len(result_titles(page)) == 5
    assert page.evaluate("window.__stillTheSamePage") is True
    expect(page.get_by_label("Search practices")).to_have_value("orchard")
