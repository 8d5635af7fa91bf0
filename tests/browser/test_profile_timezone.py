"""A newcomer signs up, verifies their e-mail, chooses a time zone, and sees the portal use it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import dateformat
from playwright.sync_api import Page, expect

from members.models import User
from tests.browser.test_account_journey import confirmation_link, nav, sign_up

EMAIL = "eero.osuuskunta@example.coop"
PASSWORD = "worker-owned-2031"
HELSINKI = ZoneInfo("Europe/Helsinki")


def sign_up_and_verify(page: Page) -> None:
    sign_up(page, EMAIL, PASSWORD)
    page.goto(confirmation_link(EMAIL))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".signed-in-as")).to_have_text(f"Signed in as {EMAIL}")


def test_profile_time_zone_is_used_for_the_times_shown(page: Page) -> None:
    sign_up_and_verify(page)
    nav(page).get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", name="My account", level=1)).to_be_visible()
    expect(page.locator(".account-zone")).not_to_contain_text("Europe/Helsinki")

    page.get_by_label("Time zone:").select_option("Europe/Helsinki")
    page.get_by_role("button", name="Save my profile").click()

    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.locator(".account-zone")).to_contain_text("Times on this portal are shown in Europe/Helsinki")
    now = datetime.now(HELSINKI)
    shown_now = page.locator(".account-zone strong").nth(1).inner_text()
    assert shown_now in {f"{now:%H:%M}", f"{now - timedelta(minutes=1):%H:%M}"}
    joined = User.objects.get(email=EMAIL).date_joined
    in_helsinki = dateformat.format(joined.astimezone(HELSINKI), "j F Y, H:i")
    in_brussels = dateformat.format(joined.astimezone(ZoneInfo("Europe/Brussels")), "j F Y, H:i")
    expect(page.locator(".account-joined")).to_have_text(f"You joined the portal on {in_helsinki}.")
    assert in_helsinki != in_brussels
    expect(page.get_by_label("Time zone:")).to_have_value("Europe/Helsinki")


def test_profile_at_360px_has_no_horizontal_scroll(page: Page) -> None:
    sign_up_and_verify(page)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/me/")

    expect(page.get_by_role("button", name="Save my profile")).to_be_visible()
    expect(page.get_by_role("link", name="Export my data")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
