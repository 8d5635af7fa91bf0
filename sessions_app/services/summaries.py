"""Session summaries: written by staff after a session, published once, e-mailed once to each registrant.

Publishing creates one ``SummaryDelivery`` row per registrant who wants it (attendees first: priority 0)
and sweeps them; every row goes out through the same claim as the reminders
(``sessions_app.services.reminder_sending``), so publishing twice, a duplicate task or a dead worker
never sends anyone the summary twice. Beat sweeps the rows every minute as well.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import User
from portal.deferred_tasks import enqueue_on_commit
from practices.models import Practice
from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
from sessions_app.models import Registration, Session, Summary, SummaryDelivery
from sessions_app.services.notifications import TRANSLATIONS, absolute_url, email_context, email_send
from sessions_app.services.reminder_sending import claim_all, claimable, drop_claim, finish_claim


def _recipients_filter() -> Q:
    """Who gets the summary: confirmed registrants and anyone marked as attended."""
    return Q(status=RegistrationStatus.CONFIRMED) | Q(attended=True)


@transaction.atomic
def summary_save(
    *,
    session: Session,
    body: str,
    takeaways: str,
    practices: Iterable[Practice],
    recording_url: str,
    by: User,
) -> Summary:
    """Create or update the session's summary; also sets the session's presented practices and
    recording link. Saving a published summary changes the page, never re-sends the e-mail."""
    summary, _created = Summary.objects.update_or_create(
        session=session, defaults={"body": body, "takeaways": takeaways}
    )
    session.practices.set(practices)
    if session.recording_url != recording_url:
        session.recording_url = recording_url
        session.save(update_fields=["recording_url", "updated_at"])
    return summary


@transaction.atomic
def summary_publish(*, summary: Summary, by: User, now: datetime | None = None) -> int:
    """Publish the summary and queue its e-mail to every registrant who has not had it yet.

    Refused (``ValidationError``) for a cancelled session, or one that has not started. Publishing
    again keeps the first date and only adds people registered or marked as attended since; returns
    how many deliveries were added. Side effects: locks the summary row; creates ``SummaryDelivery``
    rows; queues the delivery sweep after commit.
    """
    from sessions_app.tasks import send_summary_deliveries

    now = now or timezone.now()
    summary = Summary.objects.select_for_update().select_related("session").get(pk=summary.pk)
    session = summary.session
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("A cancelled session has no summary to send."), code="cancelled")
    if session.starts_at > now:
        raise ValidationError(_("The summary can be published once the session has started."), code="early")
    if summary.published_at is None:
        summary.published_at = now
        summary.save(update_fields=["published_at", "updated_at"])
    registrations = (
        Registration.objects.filter(
            _recipients_filter(), session=session, user__notify_session_summaries=True
        )
        .exclude(summary_delivery__isnull=False)
        .values_list("pk", "attended")
    )
    rows = [
        SummaryDelivery(registration_id=pk, priority=0 if attended else 1) for pk, attended in registrations
    ]
    SummaryDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    enqueue_on_commit(send_summary_deliveries)
    return len(rows)


def summary_deliveries_cancel_unwanted() -> int:
    """Cancel open deliveries of people who opted out, left, or whose place was cancelled unattended."""
    unwanted = (
        Q(registration__user__notify_session_summaries=False)
        | Q(registration__user__is_active=False)
        | (~Q(registration__status=RegistrationStatus.CONFIRMED) & ~Q(registration__attended=True))
    )
    return (
        SummaryDelivery.objects.filter(state__in=[DeliveryState.PENDING, DeliveryState.SENDING])
        .filter(unwanted)
        .update(state=DeliveryState.CANCELLED)
    )


def summary_deliveries_sweep(*, now: datetime | None = None) -> int:
    """Claim the pending (or stuck) deliveries, attendees first, and queue one send task each.

    Side effects: updates delivery rows (claims commit batch by batch, before their tasks are queued).
    """
    from sessions_app.tasks import send_summary_delivery

    now = now or timezone.now()
    summary_deliveries_cancel_unwanted()
    queue = SummaryDelivery.objects.filter(claimable(now=now)).order_by("priority", "pk")
    return claim_all(
        queue,
        now=now,
        enqueue=lambda pk, attempt: send_summary_delivery.delay(delivery_id=pk, attempt=attempt),
    )


def _wanted(delivery: SummaryDelivery) -> bool:
    registration = delivery.registration
    user = registration.user
    summary = getattr(registration.session, "summary", None)
    return (
        summary is not None
        and summary.published_at is not None
        and user.is_active
        and user.notify_session_summaries
        and (registration.status == RegistrationStatus.CONFIRMED or bool(registration.attended))
    )


def summary_message(*, registration: Registration) -> tuple[str, str]:
    """Subject and body of the summary e-mail, in the person's language."""
    session = registration.session
    with translation.override(registration.user.preferred_language or settings.LANGUAGE_CODE):
        slug_number = [session.programme.slug, session.number]
        context = {
            **email_context(registration=registration),
            "summary": session.summary,
            "practices": [
                (practice.title, absolute_url(practice.get_absolute_url()))
                for practice in session.practices.all()
            ],
            "feedback_url": absolute_url(reverse("sessions_app:feedback_create", args=slug_number)),
        }
        subject = _("Summary: %(title)s") % {"title": context["session_title"]}
        return subject, render_to_string("sessions_app/email/summary.txt", context)


def summary_delivery_send(*, delivery_id: int, attempt: int) -> bool:
    """Send one claimed summary e-mail, exactly once; returns whether this call sent it.

    Does nothing unless the row is still "sending" under ``attempt``; cancels it when the person no
    longer wants it. Side effects: one e-mail; the row becomes "sent" in the same transaction.
    """
    delivery = (
        SummaryDelivery.objects.select_related(
            "registration__user", "registration__session__programme", "registration__session__summary"
        )
        .prefetch_related(*TRANSLATIONS)
        .filter(pk=delivery_id, state=DeliveryState.SENDING, attempts=attempt)
        .first()
    )
    if delivery is None:
        return False
    if not _wanted(delivery):
        drop_claim(SummaryDelivery, pk=delivery.pk, attempt=attempt)
        return False
    subject, body = summary_message(registration=delivery.registration)
    to = delivery.registration.user.email
    return finish_claim(
        SummaryDelivery,
        pk=delivery.pk,
        attempt=attempt,
        send=lambda: email_send(subject=subject, body=body, to=to),
    )
