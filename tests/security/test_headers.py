"""Every kind of response carries the security headers; production settings add HSTS and secure cookies."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from members.demo import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from members.models import User
from sessions_app import demo

PROGRAMME = demo.SLUG
STRICT_REFERRER = {
    "strict-origin-when-cross-origin",
    "strict-origin",
    "same-origin",
    "no-referrer",
}
# (id, url, extra request headers, signed in as the demo admin)
SAMPLES = [
    ("home", "/", {}, False),
    ("practice-list", "/practices/", {}, False),
    ("programme-report", f"/programmes/{PROGRAMME}/report/", {}, False),
    ("htmx-fragment", "/practices/?q=x", {"HTTP_HX_REQUEST": "true"}, False),
    ("registration-csv", f"/programmes/{PROGRAMME}/sessions/1/registrations.csv", {}, True),
    ("needs-csv", "/federations/cecop/needs.csv", {}, True),
    ("session-ics", f"/programmes/{PROGRAMME}/sessions/1/calendar.ics", {}, False),
    ("api", "/api/practices/", {}, False),
    ("healthz", "/healthz", {}, False),
    ("admin-login-redirect", "/admin/login/?next=/admin/", {}, False),
    ("admin-login", "/accounts/login/?next=/admin/", {}, False),
    ("not-found", "/no-such-page/", {}, False),
]


@pytest.fixture
def demo_data(db):
    call_command("load_demo")


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    ("url", "headers", "as_admin"), [s[1:] for s in SAMPLES], ids=[s[0] for s in SAMPLES]
)
def test_response_carries_security_headers(demo_data, client, url, headers, as_admin):
    if as_admin:
        client.force_login(User.objects.get(email=DEMO_ADMIN_EMAIL))

    response = client.get(url, **headers)

    assert response.status_code == {"/no-such-page/": 404, "/admin/login/?next=/admin/": 302}.get(url, 200)
    csp = response.headers["Content-Security-Policy"]
    directives = csp_directives(csp)
    assert "'unsafe-inline'" not in csp
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in STRICT_REFERRER


@pytest.fixture
def production_like(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_SSL_REDIRECT = False


@pytest.mark.parametrize("url", ["/", "/api/practices/", "/healthz"], ids=["page", "api", "healthz"])
def test_production_responses_carry_hsts(db, client, production_like, url):
    response = client.get(url, secure=True)

    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_session_cookie_is_secure_httponly_samesite(demo_data, client, production_like):
    response = client.post(
        reverse("account_login"),
        {"login": DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD},
        secure=True,
    )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] in {"Lax", "Strict"}


def test_admin_login_redirects_to_rate_limited_login_keeping_next(db, client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=/admin/"


def test_superuser_signed_in_through_allauth_reaches_admin(db, client, settings):
    settings.ACCOUNT_RATE_LIMITS = False  # as the test settings: the limit itself is allauth's, tested there
    admin_user = User.objects.create_superuser(email="root@example.org", password="correct horse battery")
    EmailAddress.objects.create(user=admin_user, email=admin_user.email, primary=True, verified=True)

    signed_in = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": admin_user.email, "password": "correct horse battery"},
    )
    index = client.get("/admin/")

    assert signed_in.status_code == 302
    assert signed_in.headers["Location"] == "/admin/"
    assert index.status_code == 200
