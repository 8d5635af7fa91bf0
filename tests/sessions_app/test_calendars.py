"""Calendar files (RFC 5545), read back with a small parser of our own rather than the library that wrote
them: unfolded lines, properties split into name, parameters and value, components nested."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole
from sessions_app.enums import ProgrammeStatus, RegistrationStatus, SessionStatus, Visibility
from sessions_app.models import CalendarFeed, Session
from sessions_app.services.calendars import calendar_feed_reset
from sessions_app.services.registrations import registration_create
from tests.factories.members import MembershipFactory, UserFactory
from tests.factories.registrations import ProgrammeFactory, RegistrationFactory, SessionFactory

SITE = "http://testserver"
MEETING = "https://meet.example.org/secret-room"
NAME = re.compile(r"^[A-Za-z0-9-]+$")


class Component(dict):
    """Properties by name (each a list of (params, value)), and sub-components."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind
        self.children: list[Component] = []

    def value(self, name: str) -> str:
        (entry,) = self[name]
        return entry[1]

    def params(self, name: str) -> dict:
        (entry,) = self[name]
        return entry[0]


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: lines end in CRLF; a line starting with a space or tab continues the one before."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode()) <= 75 for line in physical), "content lines are folded at 75 octets"
    lines: list[str] = []
    for line in physical:
        if line[:1] in {" ", "\t"}:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def split_property(line: str) -> tuple[str, dict, str]:
    """NAME;PARAM=VALUE;PARAM="QUOTED":VALUE — the value starts at the first colon outside quotes."""
    in_quotes = False
    for index, char in enumerate(line):
        if char == '"':
            in_quotes = not in_quotes
        elif char == ":" and not in_quotes:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        raise AssertionError(f"no value in {line!r}")
    name, *raw_params = head.split(";")
    assert NAME.match(name), name
    params = dict(param.split("=", 1) for param in raw_params)
    return name.upper(), params, value


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(content: bytes) -> Component:
    stack = [Component("ROOT")]
    for line in unfold(content.decode("utf-8")):
        name, params, value = split_property(line)
        if name == "BEGIN":
            component = Component(value)
            stack[-1].children.append(component)
            stack.append(component)
        elif name == "END":
            assert stack.pop().kind == value
        else:
            stack[-1].setdefault(name, []).append((params, value))
    (calendar,) = stack[0].children
    assert len(stack) == 1
    assert calendar.kind == "VCALENDAR"
    assert calendar.value("VERSION") == "2.0"
    assert calendar.value("PRODID")
    return calendar


def events(calendar: Component) -> list[Component]:
    return [child for child in calendar.children if child.kind == "VEVENT"]


def utc(value: str) -> datetime:
    assert value.endswith("Z"), f"{value} is not in UTC"
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


@pytest.fixture
def session(db):
    return SessionFactory(
        title="Partnerships; funding, obstacles",
        agenda="Welcome\nTour de table",
        starts_at=datetime(2031, 3, 30, 8, 0, tzinfo=UTC),  # the morning the clocks change in Europe
        meeting_url=MEETING,
    )


def session_ics(client, session):
    return client.get(reverse("sessions_app:session_ics", args=[session.programme.slug, session.number]))


def test_session_ics_is_valid_rfc5545(client, session):
    response = session_ics(client, session)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{session.programme.slug}-{session.number}.ics"'
    )
    (event,) = events(parse(response.content))
    assert event.value("UID") == f"{session.ical_uid}@testserver"
    assert event.value("SEQUENCE") == "0"
    assert event.value("STATUS") == "CONFIRMED"
    assert utc(event.value("DTSTART")) == datetime(2031, 3, 30, 8, 0, tzinfo=UTC)
    assert utc(event.value("DTEND")) == datetime(2031, 3, 30, 10, 0, tzinfo=UTC)
    assert utc(event.value("DTSTAMP"))
    assert event.value("URL") == "http://testserver" + session.get_absolute_url()
    assert unescape(event.value("SUMMARY")) == (
        f"{session.programme.title}: {session.number}. Partnerships; funding, obstacles"
    )
    assert unescape(event.value("DESCRIPTION")).startswith("Welcome\nTour de table")


def test_public_files_never_carry_the_meeting_link(client, session):
    RegistrationFactory(session=session)

    single = session_ics(client, session).content
    feed = client.get(reverse("sessions_app:programme_ics", args=[session.programme.slug])).content

    assert b"secret-room" not in single.replace(b"\r\n ", b"")
    assert b"secret-room" not in feed.replace(b"\r\n ", b"")


def test_uid_stays_and_sequence_increases_across_an_edit(client, session):
    (before,) = events(parse(session_ics(client, session).content))
    Session.objects.filter(pk=session.pk).update(
        starts_at=F("starts_at") + timedelta(hours=1), ical_sequence=F("ical_sequence") + 1
    )

    (after,) = events(parse(session_ics(client, session).content))

    assert after.value("UID") == before.value("UID")
    assert int(after.value("SEQUENCE")) > int(before.value("SEQUENCE"))
    assert utc(after.value("DTSTART")) - utc(before.value("DTSTART")) == timedelta(hours=1)


def test_a_cancelled_session_is_sent_as_cancelled(client, session):
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED, ical_sequence=2)

    (event,) = events(parse(session_ics(client, session).content))

    assert event.value("STATUS") == "CANCELLED"
    assert event.value("SEQUENCE") == "2"


def test_programme_feed_has_every_session(client, session):
    later = SessionFactory(programme=session.programme, status=SessionStatus.CANCELLED)

    response = client.get(reverse("sessions_app:programme_ics", args=[session.programme.slug]))

    calendar = parse(response.content)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert unescape(calendar.value("X-WR-CALNAME")) == session.programme.title
    assert {e.value("UID"): e.value("STATUS") for e in events(calendar)} == {
        f"{session.ical_uid}@testserver": "CONFIRMED",
        f"{later.ical_uid}@testserver": "CANCELLED",
    }


@pytest.mark.parametrize(
    ("status", "visibility"),
    [(ProgrammeStatus.DRAFT, Visibility.PUBLIC), (ProgrammeStatus.PUBLISHED, Visibility.MEMBERS)],
    ids=["draft", "members-only"],
)
def test_calendar_files_of_a_hidden_programme_are_not_found(client, db, status, visibility):
    hidden = SessionFactory(programme=ProgrammeFactory(status=status, visibility=visibility))
    client.force_login(UserFactory())

    single = session_ics(client, hidden)
    feed = client.get(reverse("sessions_app:programme_ics", args=[hidden.programme.slug]))

    assert single.status_code == 404
    assert feed.status_code == 404


def test_members_only_calendar_for_a_member(client, db):
    hidden = SessionFactory(programme=ProgrammeFactory(visibility=Visibility.MEMBERS))
    client.force_login(MembershipFactory().user)

    assert session_ics(client, hidden).status_code == 200


# --- The personal feed ---------------------------------------------------------------------------------


def feed_url(token: str) -> str:
    return reverse("sessions_app:personal_feed", args=[token])


def test_personal_feed_has_my_sessions_and_the_link_only_where_confirmed(client, session):
    person = UserFactory()
    RegistrationFactory(session=session, user=person)
    waiting = RegistrationFactory(user=person, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(user=person, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(user=person, session=SessionFactory(programme=ProgrammeFactory(status="draft")))
    RegistrationFactory(session=SessionFactory())  # someone else's
    feed = calendar_feed_reset(user=person)

    response = client.get(feed_url(feed.token))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    by_uid = {e.value("UID"): e for e in events(parse(response.content))}
    assert set(by_uid) == {f"{session.ical_uid}@testserver", f"{waiting.session.ical_uid}@testserver"}
    confirmed = by_uid[f"{session.ical_uid}@testserver"]
    assert confirmed.value("LOCATION") == MEETING
    assert MEETING in unescape(confirmed.value("DESCRIPTION"))
    tentative = by_uid[f"{waiting.session.ical_uid}@testserver"]
    assert tentative.value("STATUS") == "TENTATIVE"
    assert "secret-room" not in unescape(tentative.value("DESCRIPTION")) + tentative.value("LOCATION")


def test_resetting_the_feed_kills_the_old_address(client, session):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("sessions_app:personal_feed_reset"))
    old = CalendarFeed.objects.get(user=person).token

    response = client.post(reverse("sessions_app:personal_feed_reset"))
    new = CalendarFeed.objects.get(user=person).token

    assert response.status_code == 302
    assert response.url == reverse("sessions_app:my_sessions")
    assert new != old
    client.logout()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_my_sessions_shows_the_subscription_address(client, db):
    person = UserFactory()
    feed = calendar_feed_reset(user=person)
    client.force_login(person)

    page = client.get(reverse("sessions_app:my_sessions")).content.decode()

    assert f"http://testserver/calendar/{feed.token}.ics" in page
    assert f"webcal://testserver/calendar/{feed.token}.ics" in page


@pytest.mark.parametrize("token", ["made-up", ""], ids=["unknown", "empty"])
def test_an_unknown_feed_token_is_not_found(client, db, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_the_feed_of_a_deactivated_account_is_not_found(client, db):
    person = UserFactory()
    feed = calendar_feed_reset(user=person)
    person.is_active = False
    person.save()

    assert client.get(feed_url(feed.token)).status_code == 404


# --- The confirmation e-mail -------------------------------------------------------------------------


def test_the_confirmation_email_carries_the_ics(session, django_capture_on_commit_callbacks):
    staff = MembershipFactory(organisation=session.programme.organiser, role=MembershipRole.STAFF).user
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(session=session, user=staff, site_url="https://portal.example.org")

    (message,) = mail.outbox
    email = message.message()
    (attachment,) = [part for part in email.walk() if part.get_content_type() == "text/calendar"]
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == f"{session.programme.slug}-{session.number}.ics"
    # MIME text travels with the transport's line endings (CRLF on the wire): put them back first.
    calendar = parse(attachment.get_content().replace("\r\n", "\n").replace("\n", "\r\n").encode())
    assert calendar.value("METHOD") == "PUBLISH"
    (event,) = events(calendar)
    assert event.value("UID") == f"{session.ical_uid}@portal.example.org"
    assert event.value("LOCATION") == MEETING
    assert utc(event.value("DTSTART")) == session.starts_at


def test_times_are_written_in_utc_whatever_the_active_zone(client, session, settings):
    settings.TIME_ZONE = "Europe/Helsinki"
    with timezone.override("Pacific/Auckland"):
        (event,) = events(parse(session_ics(client, session).content))

    assert event.value("DTSTART") == "20310330T080000Z"
