"""A newcomer signs up, verifies their e-mail, signs out and back in — as seen in a real browser."""

import re

from django.core import mail
from playwright.sync_api import Locator, Page, expect

from members.models import User

EMAIL = "ana.cooper@example.coop"
PASSWORD = "worker-owned-2031"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main")


def sign_up(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_label("Password (again):").fill(password)
    page.get_by_role("button", name="Sign Up").click()


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Sign In").click()


def confirmation_link(email: str) -> str:
    (message,) = [m for m in mail.outbox if email in m.to]
    match = CONFIRM_LINK.search(message.body)
    assert match, message.body
    return match.group(0)


def test_account_journey_signup_verify_signout_signin(page: Page, live_server) -> None:
    sign_up(page, EMAIL, PASSWORD)

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Sign in")).to_be_visible()

    page.goto(confirmation_link(EMAIL))
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".signed-in-as")).to_have_text(f"Signed in as {EMAIL}")
    assert User.objects.get(email=EMAIL).emailaddress_set.get().verified

    nav(page).get_by_role("button", name="Sign out").click()
    expect(nav(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)

    sign_in(page, EMAIL, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".signed-in-as")).to_have_text(f"Signed in as {EMAIL}")


def test_login_wrong_password_shows_form_error(page: Page) -> None:
    sign_up(page, EMAIL, PASSWORD)
    page.context.clear_cookies()

    response = page.goto("/accounts/login/")
    assert response.status == 200
    page.get_by_label("Email:").fill(EMAIL)
    page.get_by_label("Password:", exact=True).fill("not-the-password")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Sign In").click()

    assert posted.value.status == 200
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    wrong_credentials = "The email address and/or password you specified are not correct."
    expect(page.get_by_text(wrong_credentials)).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def test_home_at_360px_shows_nav_without_horizontal_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/")

    expect(nav(page)).to_be_visible()
    expect(nav(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Sign up")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
