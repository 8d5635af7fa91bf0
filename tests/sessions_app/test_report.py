"""The programme report: hosts, sessions with published summaries, countries (flags, counts, chart and
table), trends, practices, the funding acknowledgement, and a print stylesheet."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sessions_app.charts import bar_chart
from sessions_app.enums import EU_FUNDING_DISCLAIMER, RegistrationStatus, SessionStatus
from sessions_app.selectors.report import programme_countries, programme_participants
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import (
    ConfirmedRegistrationFactory,
    ProgrammeFactory,
    SessionFactory,
    SummaryFactory,
    TrendFactory,
)


def report_url(programme) -> str:
    return reverse("sessions_app:programme_report", args=[programme.slug])


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def participant(session, country: str, **kwargs):
    user = MembershipFactory(organisation=OrganisationFactory(country=country)).user
    return ConfirmedRegistrationFactory(session=session, user=user, **kwargs)


@pytest.fixture
def programme(db):
    programme = ProgrammeFactory(
        title="Digital transitions",
        theme="Digital transition",
        aims="Share **needs** and practices.",
        organiser=FederationFactory(name="CECOP"),
        co_hosts=[FederationFactory(name="Confcooperative Lavoro e Servizi", country="IT")],
        funding_acknowledgement=EU_FUNDING_DISCLAIMER,
    )
    past = timezone.now() - timedelta(days=30)
    first = SessionFactory(programme=programme, number=1, title="Needs", starts_at=past)
    second = SessionFactory(
        programme=programme, number=2, title="Practices", starts_at=past + timedelta(days=7)
    )
    SessionFactory(programme=programme, number=3, title="Called off", status=SessionStatus.CANCELLED)
    SummaryFactory(session=first, body="We heard **twelve** federations.", takeaways="Start small.")
    SummaryFactory(session=second, body="Draft not yet published.", published_at=None)
    TrendFactory(programme=programme, title="A culture of digitalisation", position=1).sessions.set([first])
    TrendFactory(programme=programme, title="Training to upskill", position=2)
    node = PracticeFactory(title="Node hub", owner=OrganisationFactory(name="Node", country="IT"))
    first.practices.set([node, PracticeFactory(title="Drimlab prototypes")])
    second.practices.set([node])
    return programme


def test_report_shows_hosts_aims_sessions_trends_practices_and_funding(client, programme):
    page = client.get(report_url(programme)).text
    words = text(page)

    assert "Digital transitions" in words
    assert "Theme Digital transition" in words
    assert "<strong>needs</strong>" in page
    assert "Organiser CECOP" in words
    assert "Co-host Confcooperative Lavoro e Servizi (Italy)" in words
    assert "2 online sessions" in words  # the cancelled one is not counted
    assert "We heard <strong>twelve</strong> federations." in page
    assert "Start small." in page
    assert "Draft not yet published." not in page
    assert words.index("A culture of digitalisation") < words.index("Training to upskill")
    assert "Came up in: session 1" in words
    assert "Node hub" in words
    assert "Drimlab prototypes" in words
    assert "Presented in: session 1 , session 2" in words
    assert EU_FUNDING_DISCLAIMER in page


def test_countries_come_from_registrants_organisations_with_counts(programme):
    first, second, cancelled = programme.sessions.order_by("number")
    italian = participant(first, "IT").user
    ConfirmedRegistrationFactory(session=second, user=italian)  # the same person twice: counted once
    participant(first, "IT")
    participant(second, "FI")
    participant(first, "SE", attended=False)  # marked absent
    participant(first, "RO", status=RegistrationStatus.WAITLISTED)
    participant(first, "PL", status=RegistrationStatus.CANCELLED)
    participant(cancelled, "BG")  # a session that did not take place
    participant(first, "MT", attended=True)
    MembershipFactory(user=italian, organisation=OrganisationFactory(country=""))  # no country: left out

    rows = [(row.country.code, row.people) for row in programme_countries(programme)]

    assert rows == [("IT", 2), ("FI", 1), ("MT", 1)]
    assert programme_participants(programme) == 4


def test_report_draws_the_countries_as_an_svg_chart_with_a_table(client, programme):
    first = programme.sessions.get(number=1)
    for country in ("IT", "IT", "FI"):
        participant(first, country)

    page = client.get(report_url(programme)).text

    assert '<svg class="bar-chart" role="img"' in page
    assert '<title id="participation-chart-title">Participants by country</title>' in page
    assert '<desc id="participation-chart-desc">Italy: 2; Finland: 1</desc>' in page
    assert page.count('class="chart-bar"') == 2
    assert '<img class="flag" src="/static/flags/it.gif" alt=""' in page
    assert re.search(r"Finland</th>\s*<td class=\"number\">1</td>", page)
    assert "Members from 2 different countries took part" in text(page)


def test_report_without_registrants_or_trends_says_so(client, db):
    programme = ProgrammeFactory()

    words = text(client.get(report_url(programme)).text)

    assert "Nobody has registered yet." in words
    assert "No sessions yet." in words
    assert "The common trends are written once the sessions have taken place." in words
    assert "<svg" not in words


def test_report_has_a_print_stylesheet(client, programme):
    page = client.get(report_url(programme)).text
    css = (Path(settings.BASE_DIR) / "static/css/sessions.css").read_text()

    assert "css/sessions.css" in page
    assert "@media print" in css
    assert 'class="back-link no-print"' in page


def test_chart_escapes_labels_and_scales_bars():
    svg = bar_chart([("<b>A</b>", 4), ("B", 2)], title="T", description="D", chart_id="c")

    assert "&lt;b&gt;A&lt;/b&gt;" in svg
    assert 'width="200" height="16"' in svg
    assert 'width="100" height="16"' in svg
    assert bar_chart([], title="T", description="D", chart_id="c") == ""
