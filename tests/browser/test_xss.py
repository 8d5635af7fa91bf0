"""A stored XSS payload is shown as text and never runs, in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories.members import OrganisationFactory
from tests.factories.practices import PracticeFactory

IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"


@pytest.fixture
def stored_payloads(transactional_db):
    owner = OrganisationFactory(name=f"Coop {IMG} {SCRIPT}", description=f"{IMG}\n\n{SCRIPT}")
    practice = PracticeFactory(
        owner=owner, description=f"Intro\n\n{IMG}\n\n{SCRIPT}\n\n[x](javascript:window.__xss=1)"
    )
    return owner, practice


@pytest.mark.parametrize("which", ["organisation", "practice", "catalogue"])
def test_stored_payload_does_not_execute(page: Page, stored_payloads, which):
    owner, practice = stored_payloads
    urls = {"organisation": owner.get_absolute_url(), "practice": practice.get_absolute_url()}
    page.goto(urls.get(which, "/practices/"))
    page.wait_for_load_state("load")

    if which == "organisation":
        expect(page.get_by_role("heading", level=1)).to_contain_text(IMG)
    assert page.evaluate("typeof window.__xss") == "undefined"
    links = page.locator("a[href^='javascript:' i]")
    assert links.count() == 0
