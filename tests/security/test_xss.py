"""Every text a person enters that is shown again comes back escaped or sanitised, never as live markup."""

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.html import escape

from members.enums import MembershipRole
from practices.services import adoption
from sessions_app.services import feedback as feedback_services
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.sessions_app.test_summaries import past_session, registrant, staff_of

PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<details open ontoggle=alert(1)>x</details>",
]
IDS = [f"payload-{number}" for number in range(len(PAYLOADS))]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class LiveMarkup(HTMLParser):
    """Collects what a browser would execute: event handlers, inline scripts, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script":
            kind = dict(attrs).get("type", "")
            self._in_inline_script = "src" not in dict(attrs) and kind != "application/json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")


def assert_no_live_markup(page: str) -> None:
    parser = LiveMarkup()
    parser.feed(page)
    assert parser.found == []
    assert "<script>alert" not in page.lower()


def get_page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def member(db):
    return MembershipFactory().user


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_organisation_name_and_description_are_escaped(client, member, payload):
    organisation = FederationFactory(
        name=payload, description=payload
    )  # the directory home lists federations
    client.force_login(member)

    directory = get_page(client, reverse("members:directory"))
    detail = get_page(client, organisation.get_absolute_url())

    assert escape(payload) in directory
    assert escape(payload) in detail
    assert_no_live_markup(directory)
    assert_no_live_markup(detail)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_practice_title_summary_description_are_escaped(client, db, payload):
    practice = PracticeFactory(title=payload, summary=payload, description=payload)

    listing = get_page(client, reverse("practices:practice_list"))
    detail = get_page(client, practice.get_absolute_url())

    assert escape(payload) in listing
    assert escape(payload) in detail
    assert_no_live_markup(listing)
    assert_no_live_markup(detail)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_full_name_is_escaped_in_people_list(client, member, payload):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=UserFactory(full_name=payload))
    client.force_login(member)

    page = get_page(client, organisation.get_absolute_url())

    assert escape(payload) in page
    assert_no_live_markup(page)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_feedback_comment_is_escaped_for_staff(client, db, payload):
    session = past_session()
    person = registrant(session, "ana@example.org").user
    feedback_services.feedback_submit(session=session, user=person, rating=3, comment=payload)
    client.force_login(staff_of(session))

    page = get_page(
        client, reverse("sessions_app:feedback_results", args=[session.programme.slug, session.number])
    )

    assert escape(payload) in page
    assert_no_live_markup(page)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_interest_message_is_escaped_on_owner_dashboard(client, member, payload):
    practice = PracticeFactory()
    adoption.interest_create(
        practice=practice, user=member, organisation=None, message=payload, site_url="http://testserver"
    )
    client.force_login(MembershipFactory(organisation=practice.owner, role=MembershipRole.STAFF).user)

    page = get_page(client, reverse("practices:interest_dashboard"))

    assert escape(payload) in page
    assert_no_live_markup(page)


@pytest.mark.parametrize("url_name", ["practices:practice_list", "members:directory"])
@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_search_terms_are_escaped_when_echoed(client, db, url_name, payload):
    page = get_page(client, reverse(url_name) + "?" + urlencode({"q": payload}))

    assert escape(payload) in page
    assert_no_live_markup(page)
