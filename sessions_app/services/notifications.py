"""E-mails about a session that changed: rescheduled (an update) or cancelled, once per registrant.

The session services call ``session_rescheduled_notify`` / ``session_cancelled_notify`` inside their
transaction, *after* saving the new time or status: reminders are re-armed or disarmed at once, and one
e-mail task per registrant is queued after commit. The task sends only if the change it announces is
still true (a session moved twice quickly sends the latest time once), and a change is announced at most
once per person (an atomic cache key guards against the same change being notified twice).

The helpers at the bottom (recipient's time zone, absolute links, sending one rendered e-mail) are
shared by the reminder and summary e-mails.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.dates import weekday_datetime
from portal.deferred_tasks import enqueue_on_commit
from portal.middleware import available_timezones
from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
from sessions_app.models import Registration, Reminder, Session
from sessions_app.selectors.translations import programme_text, session_text
from sessions_app.services import reminders

RESCHEDULED, CANCELLED = "rescheduled", "cancelled"
NOTICE_MEMORY = 60 * 60 * 24 * 30  # how long "this change was announced to this person" is remembered


def _notified_registration_ids(session: Session) -> list[int]:
    statuses = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    return list(session.registrations.filter(status__in=statuses).values_list("pk", flat=True))


@transaction.atomic
def session_rescheduled_notify(*, session: Session) -> int:
    """The session moved: re-arm every reminder for the new time (those sent for the old time are armed
    again) and queue an update e-mail to each confirmed or waitlisted registrant after commit.

    Returns how many e-mails were queued. Side effects: rewrites the session's reminder rows.
    """
    from sessions_app.tasks import send_session_notice

    reminders.session_reminders_rearm(session=session, reset_sent=True)
    ids = _notified_registration_ids(session)
    stamp = session.starts_at.isoformat()
    for registration_id in ids:
        enqueue_on_commit(send_session_notice, registration_id=registration_id, kind=RESCHEDULED, stamp=stamp)
    return len(ids)


@transaction.atomic
def session_cancelled_notify(*, session: Session) -> int:
    """The session is cancelled: every reminder not yet sent is cancelled, and each confirmed or
    waitlisted registrant gets a cancellation e-mail (queued after commit). Returns how many."""
    from sessions_app.tasks import send_session_notice

    Reminder.objects.filter(registration__session=session).exclude(state=DeliveryState.SENT).update(
        state=DeliveryState.CANCELLED
    )
    ids = _notified_registration_ids(session)
    for registration_id in ids:
        enqueue_on_commit(send_session_notice, registration_id=registration_id, kind=CANCELLED, stamp="")
    return len(ids)


def _notice_still_true(session: Session, *, kind: str, stamp: str) -> bool:
    if kind == CANCELLED:
        return session.status == SessionStatus.CANCELLED
    return session.status == SessionStatus.SCHEDULED and session.starts_at.isoformat() == stamp


def session_notice_send(*, registration: Registration, kind: str, stamp: str) -> bool:
    """Send one rescheduled/cancelled e-mail, unless the change is no longer true or was already
    announced to this person. Returns whether an e-mail went out."""
    session = registration.session
    if kind not in {RESCHEDULED, CANCELLED} or not _notice_still_true(session, kind=kind, stamp=stamp):
        return False
    if not cache.add(f"session-notice:{registration.pk}:{kind}:{stamp}", 1, NOTICE_MEMORY):
        return False
    user = registration.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = email_context(registration=registration)
        title = {"title": context["session_title"]}
        subject = _("Cancelled: %(title)s") % title if kind == CANCELLED else _("New time: %(title)s") % title
        body = render_to_string(f"sessions_app/email/session_{kind}.txt", context)
    email_send(subject=subject, body=body, to=user.email)
    return True


# Shared by every sessions_app e-mail -------------------------------------------------------------


def site_url() -> str:
    """Scheme and host for links in e-mails sent without a request (beat, workers)."""
    return settings.PORTAL_SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    return site_url() + path


def recipient_zone(user, session: Session) -> ZoneInfo:
    """The person's profile zone, else the organiser's."""
    name = user.time_zone if user.time_zone in available_timezones() else session.organiser_time_zone
    return ZoneInfo(name)


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """E.g. "Sunday 25 October 2026, 09:00 (Europe/Rome)": 24-hour clock, names in the active language."""
    local = timezone.localtime(moment, zone)
    return f"{weekday_datetime(local)} ({zone.key})"


# Prefetched with an e-mail's registration, so that its titles in the recipient's language cost no query.
TRANSLATIONS = ("registration__session__translations", "registration__session__programme__translations")


def titles(session: Session) -> dict[str, str]:
    """The session's and its programme's titles in the active language (an e-mail is written in its
    recipient's), else the originals. No query when their ``translations`` are prefetched."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "session_title": session_text(session, language).title,
        "programme_title": programme_text(session.programme, language).title,
    }


def email_context(*, registration: Registration) -> dict:
    """What every session e-mail shows: the titles in the reader's language, the time in the reader's
    and the organiser's zone, the links."""
    session = registration.session
    zone = recipient_zone(registration.user, session)
    organiser_zone = ZoneInfo(session.organiser_time_zone)
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return {
        "registration": registration,
        "session": session,
        "programme": session.programme,
        **titles(session),
        "user": registration.user,
        "starts_local": local_time(session.starts_at, zone),
        "starts_organiser": (
            local_time(session.starts_at, organiser_zone) if organiser_zone.key != zone.key else ""
        ),
        "meeting_url": session.meeting_url if confirmed and session.meeting_url else "",
        "session_url": absolute_url(session.get_absolute_url()),
    }


def email_send(*, subject: str, body: str, to: str, headers: dict | None = None) -> None:
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers).send()
