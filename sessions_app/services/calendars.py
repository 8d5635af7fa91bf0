"""Calendars (RFC 5545): one session, a programme feed, and each person's secret subscription feed.

Every session keeps one UID for life (``<session.ical_uid>@<host>``) and its ``ical_sequence`` as
SEQUENCE, so calendar apps update the event in place when it moves and strike it out when it is
cancelled. Times are written in UTC. The online meeting link only goes to confirmed registrants
(personal feed, confirmation e-mail), never into a public file.
"""

from collections.abc import Iterable
from datetime import UTC
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

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


def session_uid(session: Session, *, site_url: str) -> str:
    return f"{session.ical_uid}@{urlsplit(site_url).hostname or 'localhost'}"


def session_event(
    session: Session, *, site_url: str, registration: Registration | None = None, meeting_url: bool = False
) -> Event:
    """The VEVENT of one session. ``meeting_url``: put the online meeting link in (confirmed people only).

    A waiting-list place is TENTATIVE; a cancelled session is CANCELLED whatever the place.
    """
    page = site_url.rstrip("/") + session.get_absolute_url()
    event = Event()
    event.add("uid", session_uid(session, site_url=site_url))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("sequence", session.ical_sequence)
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"{session.programme.title}: {session.number}. {session.title}")
    event.add("url", page)
    status = STATUS.get(session.status, "CONFIRMED")
    if (
        registration is not None
        and registration.status == RegistrationStatus.WAITLISTED
        and status != "CANCELLED"
    ):
        status = "TENTATIVE"
    event.add("status", status)
    description = [session.agenda.strip(), _("Session page: %(url)s") % {"url": page}]
    if meeting_url and session.meeting_url and status == "CONFIRMED":
        event.add("location", session.meeting_url)
        description.append(_("Online meeting: %(url)s") % {"url": session.meeting_url})
    else:
        event.add("location", _("Online"))
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def _calendar(name: str, events: Iterable[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


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
