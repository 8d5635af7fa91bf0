"""The calendars are written as text, without icalendar's objects (they cost more than the rest of a
feed request): the output must stay what icalendar writes, byte for byte. The reference below is the
icalendar code the portal used before; hypothesis feeds both any text a title, an agenda or a link may
hold (commas, semicolons, backslashes, line breaks, non-ASCII characters near the 75-octet folds)."""

import re
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from sessions_app.enums import ProgrammeStatus, RegistrationStatus, SessionStatus
from sessions_app.models import Programme, Registration, Session
from sessions_app.services import calendars

DTSTAMP = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z\r\n")


def reference_event(session, *, site_url, registration=None, meeting_url=False) -> Event:
    page = site_url.rstrip("/") + session.get_absolute_url()
    event = Event()
    event.add("uid", calendars.session_uid(session, site_url=site_url))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("sequence", session.ical_sequence)
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"{session.programme.title}: {session.number}. {session.title}")
    event.add("url", page)
    status = calendars.STATUS.get(session.status, "CONFIRMED")
    if registration is not None and registration.status == RegistrationStatus.WAITLISTED:
        status = "TENTATIVE" if status != "CANCELLED" else status
    event.add("status", status)
    description = [session.agenda.strip(), _("Session page: %(url)s") % {"url": page}]
    if meeting_url and session.meeting_url and status == "CONFIRMED":
        event.add("location", session.meeting_url)
        description.append(_("Online meeting: %(url)s") % {"url": session.meeting_url})
    else:
        event.add("location", _("Online"))
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def reference_calendar(name: str, events) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", calendars.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def without_stamps(content: bytes) -> bytes:
    """DTSTAMP is the moment of writing: the two writers may straddle a second."""
    return DTSTAMP.sub(b"", content)


def a_session(*, title: str, agenda: str, programme_title: str, meeting_url: str, status: str) -> Session:
    programme = Programme(title=programme_title, slug="digital-transitions", status=ProgrammeStatus.PUBLISHED)
    return Session(
        programme=programme,
        number=7,
        title=title,
        agenda=agenda,
        starts_at=datetime(2031, 3, 30, 8, 0, 59, 123456, tzinfo=UTC),
        duration_minutes=95,
        meeting_url=meeting_url,
        status=status,
        ical_sequence=3,
        updated_at=datetime(2031, 1, 2, 3, 4, 5, 678, tzinfo=UTC),
    )


TEXT = st.text(max_size=300)
LONG_TEXT = st.text(alphabet=st.sampled_from("aé€😀,;\\^\r\n N"), min_size=60, max_size=400)


@settings(max_examples=300, deadline=None)
@given(
    title=TEXT | LONG_TEXT,
    agenda=TEXT | LONG_TEXT,
    programme_title=TEXT,
    meeting_url=st.sampled_from(["", "https://meet.example.org/room,42;x"]) | TEXT,
    status=st.sampled_from(SessionStatus.values),
    place=st.sampled_from([None, *RegistrationStatus.values]),
    site_url=st.sampled_from(["http://testserver", "https://portal.example.org/", "http://[::1]:8000"]),
)
def test_the_text_is_what_icalendar_writes(
    title, agenda, programme_title, meeting_url, status, place, site_url
):
    session = a_session(
        title=title, agenda=agenda, programme_title=programme_title, meeting_url=meeting_url, status=status
    )
    registration = None if place is None else Registration(session=session, status=place)
    meeting = place == RegistrationStatus.CONFIRMED
    name = f"{programme_title} · {title}".replace("\r", "").replace("\n", "")  # icalendar refuses those

    ours = calendars._calendar(
        name,
        [
            calendars.session_event(
                session, site_url=site_url, registration=registration, meeting_url=meeting
            ),
            calendars.session_event(session, site_url=site_url),
        ],
    )
    theirs = reference_calendar(
        name,
        [
            reference_event(session, site_url=site_url, registration=registration, meeting_url=meeting),
            reference_event(session, site_url=site_url),
        ],
    )

    assert without_stamps(ours) == without_stamps(theirs)


def test_an_empty_feed_is_what_icalendar_writes():
    assert calendars._calendar("My sessions", []) == reference_calendar("My sessions", [])


def test_a_line_break_in_a_calendar_name_is_a_space():
    content = calendars._calendar("Partnerships\r\nand funding", [])

    assert b"X-WR-CALNAME:Partnerships and funding\r\n" in content


def test_a_line_of_74_octets_is_not_folded_and_75_are():
    assert calendars._fold("x" * 74) == "x" * 74
    assert calendars._fold("x" * 75) == "x" * 74 + "\r\n x"
    assert calendars._fold("x" * 73 + "\\n") == "x" * 73 + "\r\n \\n"  # an escape stays whole
    assert calendars._fold("x" * 73 + "é") == "x" * 73 + "\r\n é"  # two octets do not fit


def test_dtstamp_is_the_moment_of_writing_in_utc():
    session = a_session(title="t", agenda="", programme_title="p", meeting_url="", status="scheduled")
    before = timezone.now().replace(microsecond=0)

    event = calendars.session_event(session, site_url="http://testserver")

    (stamp,) = re.findall(r"DTSTAMP:(\d{8}T\d{6})Z", event)
    written = datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    assert before <= written <= timezone.now() + timedelta(seconds=1)
