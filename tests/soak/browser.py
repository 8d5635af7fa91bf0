"""People driving the real web server over HTTP: cookies, CSRF tokens from the forms, no redirects
followed (a 302 is an answer to check, not something to chase), and everyone released at once."""

import html
import http.client
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client

from tests.factories.members import UserFactory

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "a long soak password"


@dataclass
class Response:
    status: int
    headers: dict  # lower-cased names
    text: str
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """One person's browser. The CSRF token is read from the last page that had a form, as a browser
    posts the token the page gave it; htmx requests also send it as ``X-CSRFToken`` (hx-headers)."""

    def __init__(self, base_url: str, timeout: float = 30) -> None:
        parts = urlsplit(base_url)
        self.host, self.port, self.origin = parts.hostname, parts.port, base_url
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def request(
        self, method: str, path: str, form: dict | None = None, headers: dict | None = None
    ) -> Response:
        body = urlencode(form) if form is not None else None
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        seconds = time.monotonic() - started
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if token := CSRF_FIELD.search(text):
            self.csrf_token = html.unescape(token.group(1))
        headers = {name.lower(): value for name, value in raw.headers.items()}
        return Response(raw.status, headers, text, seconds)

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, form: dict | None = None, *, htmx: bool = False) -> Response:
        headers = {"Origin": self.origin, "Referer": self.origin + path}
        if htmx:
            headers |= {"HX-Request": "true", "X-CSRFToken": self.csrf_token}
        return self.request("POST", path, {"csrfmiddlewaretoken": self.csrf_token, **(form or {})}, headers)

    def sign_in(self, email: str, password: str) -> Response:
        """Through allauth's real login form."""
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"login": email, "password": password})


def person_who_can_sign_in(email: str):
    """A person with a verified address whose password the server's hasher (PBKDF2, not the tests'
    MD5) can check; few iterations, which the server upgrades at the first sign-in, as it would."""
    hasher = PBKDF2PasswordHasher()
    person = UserFactory(email=email)
    person.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    person.save(update_fields=["password"])
    EmailAddress.objects.create(user=person, email=email, primary=True, verified=True)
    return person


def signed_in(base_url: str, user) -> Browser:
    """A browser holding a session created server-side (as the login form would, minus the password
    hashing, which would dominate the run): a session row in the database and its cookie."""
    client = Client()
    client.force_login(user)
    browser = Browser(base_url)
    browser.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return browser


def run_at_once(jobs: list[Callable[[], object]], timeout: float = 120) -> list[object]:
    """Run every job in its own thread, all released by one barrier; results in order (an exception
    is returned, not raised)."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a request never came back"
    return results
