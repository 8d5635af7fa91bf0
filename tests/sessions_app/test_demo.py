"""The seed's programme from ``load_demo``: its report page shows every fact of the seed document."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from practices.models import Practice
from sessions_app import demo
from sessions_app.enums import EU_FUNDING_DISCLAIMER, ProgrammeStatus
from sessions_app.models import Programme, Registration, Session, Trend

SEED_COUNTRIES = ["Italy", "Finland", "Sweden", "Romania", "Poland", "Bulgaria", "Malta"]
SEED_PRACTICE_OWNERS = ["Node", "Drimlab", "Colser Aurora Domus Group", "Netcoop"]


def snapshot() -> list:
    return [
        list(Programme.objects.values_list("slug", "title", "status", "updated_at")),
        list(
            Session.objects.order_by("pk").values_list("number", "starts_at", "ical_sequence", "updated_at")
        ),
        list(Trend.objects.order_by("pk").values_list("title", "description", "position")),
        list(Registration.objects.order_by("pk").values_list("session_id", "user_id", "status")),
        list(Session.practices.through.objects.order_by("pk").values_list("session_id", "practice_id")),
    ]


@pytest.fixture
def report_page(db, client) -> str:
    call_command("load_demo")
    html = client.get(reverse("sessions_app:programme_report", args=[demo.SLUG])).text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    first = snapshot()

    call_command("load_demo")

    assert snapshot() == first


def test_report_shows_three_online_sessions_organiser_and_co_host(report_page):
    assert "How can federations support cooperatives in the digital transitions?" in report_page
    assert "3 online sessions" in report_page
    assert "Organiser CECOP" in report_page
    assert "Co-host Confcooperative Lavoro e Servizi (Italy)" in report_page


def test_report_shows_the_seven_countries(report_page):
    assert "7 countries" in report_page
    assert "Members from 7 different countries took part" in report_page
    for country in SEED_COUNTRIES:
        assert f"{country} " in report_page, country


def test_report_shows_the_three_trends(report_page):
    assert "A culture of digitalization" in report_page
    assert "Training to upskill and reskill workers and managers" in report_page
    assert "Partnerships and funding as obstacles" in report_page
    assert "building partnerships with institutions that can provide this kind of training and funding" in (
        report_page
    )


def test_report_shows_the_four_practices(report_page):
    if not Practice.objects.filter(owner__slug="node").exists():
        pytest.skip("practices/demo.py does not create the seed's practices yet")
    assert "4 practices presented" in report_page
    section = report_page[report_page.index("Practices presented ") :]
    for owner in SEED_PRACTICE_OWNERS:
        assert owner in section, owner


def test_report_shows_the_funding_disclaimer_and_labels_invented_dates(report_page):
    assert EU_FUNDING_DISCLAIMER in report_page
    assert report_page.count("demo dates") == 3


@pytest.mark.django_db
def test_demo_programme_is_completed_public_and_its_people_are_labelled():
    call_command("load_demo")

    programme = Programme.objects.get(slug=demo.SLUG)
    people = {r.user.full_name for r in Registration.objects.select_related("user")}

    assert (programme.organiser.slug, programme.status, programme.visibility) == (
        "cecop",
        ProgrammeStatus.COMPLETED,
        "public",
    )
    assert list(programme.co_hosts.values_list("slug", flat=True)) == ["confcooperative-lavoro-e-servizi"]
    assert all(session.is_demo for session in programme.sessions.all())
    assert all(name.startswith("Demo participant (") for name in people)
    assert "Demo participant (Finland) 1" in people


def test_report_labels_invented_participant_numbers_as_demo(report_page):
    assert "the seed names the seven countries, not how many people took part" in report_page
    assert "participants demo" in report_page
