import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path, reverse

from tests.factories.members import UserFactory

PASSWORDS = {"password1": "a long unusual pass", "password2": "a long unusual pass"}


def broken_view(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password"],
    ids=["login", "signup", "reset"],
)
def test_account_pages_use_the_portal_layout(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert 'href="#main"' in response.text
    assert "htmx.min.js" in response.text


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="site-header"' in response.text


def test_lost_database_connection_is_a_friendly_503(client, settings):
    settings.ROOT_URLCONF = __name__

    response = client.get("/broken/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.text


def test_every_page_sends_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]

    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_signed_in_person_sees_their_name_and_a_sign_out_button(client):
    person = UserFactory(full_name="Ana Popescu")
    client.force_login(person)

    page = client.get(reverse("home")).text

    assert "Signed in as Ana" in page
    assert reverse("account_logout") in page
    assert reverse("account_signup") not in page


@pytest.mark.django_db
def test_a_signed_in_person_reaches_their_sessions_and_practices_from_every_page(client):
    client.force_login(UserFactory())

    page = client.get(reverse("practices:practice_list")).text

    assert f'href="{reverse("sessions_app:my_sessions")}">My sessions</a>' in page
    assert f'href="{reverse("practices:my_practices")}">My practices</a>' in page
    assert 'aria-current="page">My sessions' in client.get(reverse("sessions_app:my_sessions")).text
    assert "My sessions" not in Client().get(reverse("practices:practice_list")).text  # visitors: none


@pytest.mark.django_db
def test_signup_sends_a_verification_email_and_does_not_sign_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "New.Person@Example.org",
            "password1": "a long unusual pass",
            "password2": "a long unusual pass",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.org"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_with_a_taken_address_does_not_reveal_it(client, mailoutbox):
    UserFactory(email="taken@example.org")

    response = client.post(
        reverse("account_signup"),
        {
            "email": "taken@example.org",
            "password1": "a long unusual pass",
            "password2": "a long unusual pass",
        },
    )

    # Same answer as a new address (no enumeration); the owner gets an "account exists" e-mail.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["taken@example.org"]


@pytest.mark.django_db
def test_login_failures_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    UserFactory(email="someone@example.org")
    attempts = [
        client.post(reverse("account_login"), {"login": "someone@example.org", "password": "wrong"})
        for _ in range(5)
    ]

    assert attempts[0].status_code == 200
    assert "not correct" in attempts[0].text
    assert "Too many failed login attempts" not in attempts[0].text
    assert "Too many failed login attempts" in attempts[-1].text


@pytest.mark.django_db
def test_browser_time_zone_cookie_is_used_when_the_profile_has_none(client):
    from django.utils import timezone as dj_timezone

    seen = {}

    def capture(request):
        from django.http import HttpResponse

        seen["zone"] = dj_timezone.get_current_timezone_name()
        return HttpResponse("ok")

    from portal.middleware import ReaderTimezoneMiddleware

    request = client.get("/").wsgi_request
    request.COOKIES["browser_tz"] = "Europe%2FHelsinki"  # as static/js/portal.js writes it
    ReaderTimezoneMiddleware(capture)(request)

    assert seen["zone"] == "Europe/Helsinki"


@pytest.mark.django_db
def test_a_signed_in_person_who_is_not_staff_gets_a_403_from_the_admin_not_a_redirect_loop(client):
    client.force_login(UserFactory())

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert [url for url, _status in response.redirect_chain] == ["/admin/login/?next=/admin/"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["home", "sessions_app:programme_list", "practices:practice_list", "healthz"]
)
def test_a_head_request_is_answered_like_a_get(client, url_name):
    """Uptime monitors and link checkers ask with HEAD (healthz answers 503 while a service is down)."""
    assert client.head(reverse(url_name)).status_code == client.get(reverse(url_name)).status_code
    assert client.head(reverse(url_name)).status_code != 405


@pytest.mark.django_db
def test_account_emails_are_signed_by_the_portal_not_by_the_server_address(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": UserFactory(email="ana@example.org").email})

    body = mailoutbox[0].body
    assert body.startswith("Hello,\n")
    assert "Mutual Learning Portal" in body
    assert "Hello from" not in body
    assert "Thank you for using" not in body


@pytest.mark.django_db
def test_signed_in_staff_opening_the_admin_login_go_on_to_the_admin(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/admin/login/?next=/admin/members/")
    elsewhere = client.get("/admin/login/?next=https://attacker.example/")

    assert response.status_code == 302
    assert response.url == "/admin/members/"
    assert elsewhere.url == reverse("admin:index")  # never off the site
