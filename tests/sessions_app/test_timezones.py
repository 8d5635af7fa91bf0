"""Session times in the reader's zone with the organiser's alongside, right across daylight-saving changes.

In 2026 the EU's clocks go forward on Sunday 29 March and back on Sunday 25 October (01:00 UTC both
times); the United States' go back on 1 November.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from sessions_app.forms.staff import SessionForm
from sessions_app.timezones import (
    city,
    country_times,
    format_session_time,
    local_to_utc,
    session_times,
    utc_to_local,
)
from tests.factories.members import UserFactory
from tests.factories.sessions import SessionFactory


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def wall(*args) -> datetime:
    """A wall-clock time with no zone, as staff type it into the form."""
    return datetime(*args)  # noqa: DTZ001 - naive on purpose


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Europe/Rome", "Rome"),
        ("Europe/Helsinki", "Helsinki"),
        ("America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("UTC", "UTC"),
    ],
    ids=["rome", "helsinki", "new-york", "three-parts", "utc"],
)
def test_city_is_the_last_part_of_the_zone_name(zone, expected):
    assert city(zone) == expected


# (start in UTC, Rome's wall clock, Helsinki's wall clock, Rome's offset)
DST_WEEKS = [
    (utc(2026, 10, 24, 8), "Saturday 24 October 2026, 10:00–12:00 Rome · 11:00–13:00 Helsinki", "UTC+2"),
    (utc(2026, 10, 25, 9), "Sunday 25 October 2026, 10:00–12:00 Rome · 11:00–13:00 Helsinki", "UTC+1"),
    (utc(2026, 10, 26, 9), "Monday 26 October 2026, 10:00–12:00 Rome · 11:00–13:00 Helsinki", "UTC+1"),
    (utc(2026, 3, 28, 9), "Saturday 28 March 2026, 10:00–12:00 Rome · 11:00–13:00 Helsinki", "UTC+1"),
    (utc(2026, 3, 29, 8), "Sunday 29 March 2026, 10:00–12:00 Rome · 11:00–13:00 Helsinki", "UTC+2"),
]


@pytest.mark.parametrize(
    ("start", "expected", "rome_offset"),
    DST_WEEKS,
    ids=["oct-before", "oct-change-day", "oct-after", "march-before", "march-change-day"],
)
def test_rome_reader_sees_helsinki_organiser_time_alongside_across_dst(start, expected, rome_offset):
    text = format_session_time(
        start, start + timedelta(hours=2), shown_zone="Europe/Rome", organiser_zone="Europe/Helsinki"
    )

    assert text == expected
    assert (
        session_times(start, start, shown_zone="Europe/Rome", organiser_zone="UTC")[0].utc_offset
        == rome_offset
    )


def test_helsinki_reader_sees_their_time_first():
    start = utc(2026, 10, 25, 9)

    text = format_session_time(
        start, start + timedelta(hours=2), shown_zone="Europe/Helsinki", organiser_zone="Europe/Rome"
    )

    assert text == "Sunday 25 October 2026, 11:00–13:00 Helsinki · 10:00–12:00 Rome"


def test_same_zone_is_shown_once():
    start = utc(2026, 10, 25, 9)

    times = session_times(start, start, shown_zone="Europe/Rome", organiser_zone="Europe/Rome")

    assert [t.city for t in times] == ["Rome"]


def test_the_gap_between_zones_changes_in_the_week_only_one_side_moved_its_clocks():
    # Europe is back on winter time from 25 October, New York only from 1 November: 5 hours apart, not 6.
    start = utc(2026, 10, 27, 14)

    text = format_session_time(
        start, start + timedelta(hours=1), shown_zone="America/New_York", organiser_zone="Europe/Rome"
    )

    assert text == "Tuesday 27 October 2026, 10:00–11:00 New York · 15:00–16:00 Rome"


def test_the_other_zone_names_its_own_day_when_it_differs():
    start = utc(2026, 10, 25, 22, 30)

    text = format_session_time(
        start, start + timedelta(hours=1), shown_zone="Europe/Rome", organiser_zone="Europe/Helsinki"
    )

    assert text == "Sunday 25 October 2026, 23:30–00:30 Rome · 00:30–01:30 (Mon 26 Oct) Helsinki"


@pytest.mark.parametrize(
    ("local", "zone", "expected"),
    [
        (wall(2026, 10, 24, 10), "Europe/Rome", utc(2026, 10, 24, 8)),
        (wall(2026, 10, 26, 10), "Europe/Rome", utc(2026, 10, 26, 9)),
        (wall(2026, 10, 26, 10), "Europe/Helsinki", utc(2026, 10, 26, 8)),
        (wall(2026, 3, 29, 10), "Europe/Rome", utc(2026, 3, 29, 8)),
        (wall(2026, 10, 25, 2, 30), "Europe/Rome", utc(2026, 10, 25, 0, 30)),  # ambiguous: the first
    ],
    ids=["summer", "winter", "winter-helsinki", "march-change-day", "ambiguous"],
)
def test_local_times_entered_by_staff_are_stored_in_utc(local, zone, expected):
    assert local_to_utc(local, zone) == expected
    assert utc_to_local(expected, zone) == local


def test_a_time_skipped_when_clocks_go_forward_is_refused():
    with pytest.raises(ValueError, match="does not exist"):
        local_to_utc(wall(2026, 3, 29, 2, 30), "Europe/Rome")


def test_country_times_use_each_countrys_zone_sorted_by_country_name():
    start = utc(2026, 10, 25, 9)

    rows = country_times(start, start + timedelta(hours=2), ["IT", "FI", "RO", "ZZ"])

    assert [(country.code, local.city, local.time_range) for country, local in rows] == [
        ("FI", "Helsinki", "11:00–13:00"),
        ("IT", "Rome", "10:00–12:00"),
        ("RO", "Bucharest", "11:00–13:00"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Europe/Rome", "2026-10-25 09:00"), ("Europe/Helsinki", "2026-10-25 08:00")],
    ids=["rome", "helsinki"],
)
def test_the_session_form_reads_the_start_in_the_chosen_zone(zone, expected):
    session = SessionFactory()
    data = {
        "title": "Week of the change",
        "time_zone": zone,
        "starts_local": "2026-10-25T10:00",
        "ends_local": "2026-10-25T12:00",
        "language": "en",
    }

    form = SessionForm(data, programme=session.programme)

    assert form.is_valid(), form.errors
    assert f"{form.cleaned_data['starts_at']:%Y-%m-%d %H:%M}" == expected
    assert form.service_arguments()["duration_minutes"] == 120


@pytest.mark.django_db
def test_the_session_form_refuses_a_time_that_does_not_exist():
    session = SessionFactory()
    data = {
        "title": "Clocks forward",
        "time_zone": "Europe/Rome",
        "starts_local": "2026-03-29T02:30",
        "ends_local": "2026-03-29T04:00",
        "language": "en",
    }

    form = SessionForm(data, programme=session.programme)

    assert not form.is_valid()
    assert "does not exist in Europe/Rome" in form.errors["starts_local"][0]


def page_text(client, session) -> str:
    return client.get(
        reverse("sessions_app:session_detail", args=[session.programme.slug, session.number])
    ).text


@pytest.mark.django_db
def test_session_page_uses_the_profile_zone_with_the_organisers_alongside(client):
    session = SessionFactory(starts_at=utc(2026, 10, 25, 9), organiser_time_zone="Europe/Rome")
    client.force_login(UserFactory(time_zone="Europe/Helsinki"))

    page = page_text(client, session)

    assert "11:00–13:00</span></time>" in page
    assert ">Helsinki</span>" in page
    assert '10:00–12:00 <span class="session-zone"' in page


@pytest.mark.django_db
def test_session_page_uses_the_browser_zone_when_the_profile_has_none(client):
    session = SessionFactory(starts_at=utc(2026, 3, 29, 8), organiser_time_zone="Europe/Helsinki")
    client.cookies["browser_tz"] = "Europe%2FRome"  # as static/js/portal.js writes it

    page = page_text(client, session)

    assert 'Sunday 29 March 2026</span>, <span class="session-clock">10:00–12:00' in page
    assert ">Rome</span>" in page
    assert ">Helsinki</span>" in page


@pytest.mark.django_db
def test_session_page_falls_back_to_the_organisers_zone(client, settings):
    settings.TIME_ZONE = "UTC"
    session = SessionFactory(
        starts_at=utc(2026, 10, 25, 9),
        organiser_time_zone="Europe/Helsinki",
        registration_closes_at=utc(2026, 10, 25, 8),
    )
    client.cookies["browser_tz"] = "Not/A_Zone"

    page = page_text(client, session)

    assert "11:00–13:00" in page
    assert ">Helsinki</span>" in page
    assert "organiser's time" not in page  # shown once: it is the reader's zone too
    assert "25 Oct 2026, 10:00" in page  # other times on the page follow the organiser's zone, not UTC
