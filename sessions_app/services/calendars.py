"""Calendars (RFC 5545): one session, a programme feed, and each person's secret subscription feed.

Every session keeps one UID for life (``<session.ical_uid>@<host>``) and its ``ical_sequence`` as
SEQUENCE, so calendar apps update the event in place when it moves and strike it out when it is
cancelled. Times are written in UTC. The online meeting link only goes to confirmed registrants
(personal feed, confirmation e-mail), never into a public file.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from sessions_app.enums import RegistrationStatus, SessionStatus
from sessions_app.models import CalendarFeed, Registration, Session
from sessions_app.models.registrations import new_feed_token

PRODID = "-//Mutual Learning Portal//Programmes and sessions//EN"
STATUS = {
    SessionStatus.SCHEDULED: "CONFIRMED",
    SessionStatus.COMPLETED: "CONFIRMED",
    SessionStatus.CANCELLED: "CANCELLED",
}
FOLD_AT = 75  # octets: a content line is at most 74, a continuation a space and at most 74 more


# The text is written here rather than through icalendar's objects, which cost more than everything
# else in a personal feed request (calendar apps ask for it every few hours). The output is the same as
# icalendar's, byte for byte: its property order, TEXT escaping and folding, which
# tests/sessions_app/test_calendar_output.py checks against icalendar itself.


def _text(value: str) -> str:
    """A TEXT value, escaped as RFC 5545 (and icalendar) escape it."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str) -> str:
    """Fold a content line as icalendar does: chunks of at most 74 octets, never inside a UTF-8
    character, and an escape character (backslash or caret) carried over with what it escapes."""
    if line.isascii():
        if len(line) < FOLD_AT:
            return line
        chunks, start = [], 0
        while len(line) - start >= FOLD_AT:
            end = start + FOLD_AT - 1
            if line[end - 1] in "\\^":
                end -= 1
            chunks.append(line[start:end])
            start = end
        chunks.append(line[start:])
        return "\r\n ".join(chunks)
    chunks, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if current and size + width >= FOLD_AT:
            carried = [current.pop()] if len(current) > 1 and current[-1] in "\\^" else []
            chunks.append("".join(current))
            current, size = carried, len(carried)  # a backslash or a caret is one octet
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def session_uid(session: Session, *, site_url: str) -> str:
    return f"{session.ical_uid}@{urlsplit(site_url).hostname or 'localhost'}"


def session_event(
    session: Session, *, site_url: str, registration: Registration | None = None, meeting_url: bool = False
) -> str:
    """The VEVENT of one session. ``meeting_url``: put the online meeting link in (confirmed people only).

    A waiting-list place is TENTATIVE; a cancelled session is CANCELLED whatever the place.
    """
    page = site_url.rstrip("/") + session.get_absolute_url()
    status = STATUS.get(session.status, "CONFIRMED")
    if (
        registration is not None
        and registration.status == RegistrationStatus.WAITLISTED
        and status != "CANCELLED"
    ):
        status = "TENTATIVE"
    parts = [session.agenda.strip(), _("Session page: %(url)s") % {"url": page}]
    location = _("Online")
    if meeting_url and session.meeting_url and status == "CONFIRMED":
        location = session.meeting_url
        parts.append(_("Online meeting: %(url)s") % {"url": session.meeting_url})
    description = "\n\n".join(part for part in parts if part)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(f'{session.programme.title}: {session.number}. {session.title}')}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"UID:{_text(session_uid(session, site_url=site_url))}",
        f"SEQUENCE:{session.ical_sequence}",
        f"DESCRIPTION:{_text(description)}",
        f"LAST-MODIFIED:{_utc(session.updated_at)}",
        f"LOCATION:{_text(location)}",
        f"STATUS:{status}",
        f"URL:{page}",
        "END:VEVENT",
    ]
    return "\r\n".join(_fold(line) for line in lines)


def _calendar(name: str, events: Iterable[str]) -> bytes:
    # X-WR-CALNAME is not a standard property: icalendar writes it unescaped, and so do we, but a line
    # break (which icalendar refuses) becomes a space rather than an error.
    name = name.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_text(PRODID)}", "CALSCALE:GREGORIAN"]
    head += ["METHOD:PUBLISH", f"X-WR-CALNAME:{name}"]
    return "\r\n".join([*map(_fold, head), *events, "END:VCALENDAR", ""]).encode()


def session_calendar(session: Session, *, site_url: str, registration: Registration | None = None) -> bytes:
    """One session as an .ics file; with a confirmed ``registration``, the meeting link is in it."""
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    event = session_event(session, site_url=site_url, registration=registration, meeting_url=confirmed)
    return _calendar(str(session), [event])


def programme_calendar(programme, sessions: Iterable[Session], *, site_url: str) -> bytes:
    """The public feed of a programme: every session, without meeting links."""
    return _calendar(programme.title, (session_event(s, site_url=site_url) for s in sessions))


def personal_calendar(registrations: Iterable[Registration], *, site_url: str) -> bytes:
    """A person's own feed: their sessions, with the meeting link where their seat is confirmed."""
    events = (
        session_event(
            registration.session,
            site_url=site_url,
            registration=registration,
            meeting_url=registration.status == RegistrationStatus.CONFIRMED,
        )
        for registration in registrations
    )
    return _calendar(_("My sessions · Mutual Learning Portal"), events)


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """Give the person a new secret feed address (creating it the first time); the old one stops working.

    Side effects: writes the person's feed row.
    """
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
