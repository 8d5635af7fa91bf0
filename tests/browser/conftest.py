"""Playwright fixtures: Debian's chromium driving pytest-django's live server."""

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop running in the test thread, and Django refuses ORM
# calls from a thread with a running loop (SynchronousOnlyOperation). The tests only touch the ORM
# between browser actions, never concurrently with them, so lifting that guard here is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).parent
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
# Set at report time when a test body fails, so the page fixture keeps a screenshot of it.
CALL_FAILED = pytest.StashKey[bool]()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A conftest's pytestmark is ignored, and this hook sees the whole session: mark only our own tests.
    for item in items:
        if item.path.is_relative_to(BROWSER_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[CALL_FAILED] = True
    return report


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, transactional_db, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    if request.node.stash.get(CALL_FAILED, False):
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=ARTIFACTS_DIR / f"{name}.png", full_page=True)
    context.close()


# --- The demo portal, for the accessibility, keyboard and small-screen tests ------------------------------
# The seed programme from ``load_demo`` (realistic text, past sessions with summaries, demo cooperatives
# with assessments, federation needs) plus one open programme with a session still to come, so the
# registration box, "my sessions" and the staff registrations list show their live controls.
DEMO_PASSWORD = "demo-password"  # members.demo.DEMO_PASSWORD (development demo only)
DEMO_PROGRAMME = "federations-support-cooperatives-digital-transitions"
OPEN_PROGRAMME = "next-steps-in-the-digital-transition"
DEMO_STAFF = "cecop.staff@demo.example"  # staff of CECOP: the programmes' organiser
DEMO_FEDERATION_STAFF = "italy.staff@demo.example"  # staff of Confcooperative Lavoro e Servizi
DEMO_COOPERATIVE_STAFF = "drimlab.staff@demo.example"  # staff of the cooperative Drimlab
DEMO_MEMBER = "member@demo.example"  # a member of Drimlab


def load_browser_demo() -> None:
    """``load_demo`` plus an open programme whose first session starts in three weeks."""
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from members.models import Organisation, User
    from practices.services.search_index import practices_reindex
    from sessions_app.enums import ProgrammeStatus
    from sessions_app.services import programmes as programme_services
    from tests.factories.assessments import active_questionnaire

    active_questionnaire()  # a transactional test flushes the one from the data migration
    call_command("load_demo", stdout=io.StringIO())
    cecop = Organisation.objects.get(slug="cecop")
    programme = programme_services.programme_create(
        slug=OPEN_PROGRAMME,
        title="Next steps in the digital transition",
        organiser=cecop,
        co_hosts=[Organisation.objects.get(slug="confcooperative-lavoro-e-servizi")],
        theme="Digital transition",
        description="Demo: a follow-up programme with sessions still to come.",
        aims="To try the practices presented in the first programme.",
        status=ProgrammeStatus.PUBLISHED,
    )
    starts = (timezone.now() + timedelta(days=21)).replace(hour=10, minute=0, second=0, microsecond=0)
    session = programme_services.session_create(
        programme=programme,
        number=1,
        title="Trying a digital innovation hub",
        agenda="Demo: members who tried a practice say how it went.",
        starts_at=starts,
        organiser_time_zone="Europe/Brussels",
        duration_minutes=90,
        language="en",
        capacity=12,
    )
    participants = User.objects.filter(email__startswith="participant.").order_by("email")[:4]
    programme_services.demo_registrations_ensure(session=session, users=participants)
    practices_reindex()


@pytest.fixture
def demo_portal(transactional_db) -> None:
    load_browser_demo()


def sign_in_as(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through allauth's form and wait until the home page says who is signed in."""
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.locator(".signed-in-as").wait_for()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """Open pages in a new browser context of your own: ``new_page(viewport=..., **context options)``."""
    contexts = []

    def open_page(*, viewport: dict | None = None, **options):
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, base_url=live_server.url, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
