"""Sending each reminder exactly once, however many sweeps run and however many workers die.

A row moves pending -> sending -> sent (or cancelled):

1. ``reminders_sweep`` (beat, every minute) cancels the reminders that must not go out, then *claims*
   due rows in small batches with a conditional update (pending -> sending, ``claimed_at`` = now,
   ``attempts`` + 1; on PostgreSQL the batch is picked with ``FOR UPDATE SKIP LOCKED``, so two sweeps
   running at once claim disjoint rows) and queues one ``send_reminder`` task per claimed row.
2. ``reminder_send`` (the task, ``acks_late``) turns its claim into "sent" with a second conditional
   update — still "sending", still *its* attempt — and sends the e-mail before that transaction commits.
   A duplicate task, or an old task whose claim was taken over, updates nothing and sends nothing; the
   row lock makes a concurrent one wait, then find the row sent.
3. A row left in "sending" (the worker died after claiming, the task was lost, the mail server failed)
   is claimed again by a later sweep once ``REMINDER_CLAIM_TIMEOUT`` seconds have passed.

The one window left is between the mail server accepting a message and the commit a few microseconds
later: no database can make an SMTP hand-over and a commit one atomic step.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from kombu.exceptions import OperationalError as BrokerUnavailable

from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
from sessions_app.models import Reminder
from sessions_app.services.notifications import email_context, email_send

BATCH_SIZE = 100
MAX_PER_SWEEP = 20_000  # a sweep ends; the next one (a minute later) takes the rest


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)


# The claim pattern, shared with the summary e-mails -------------------------------------------------


def claimable(*, now: datetime) -> Q:
    """Rows a sweep may claim: pending, or left in "sending" longer than the claim timeout."""
    return Q(state=DeliveryState.PENDING) | Q(
        state=DeliveryState.SENDING, claimed_at__lt=now - claim_timeout()
    )


def claim_batch(candidates: QuerySet, *, now: datetime, limit: int = BATCH_SIZE) -> list[tuple[int, int]]:
    """Claim up to ``limit`` of ``candidates`` (already filtered, ordered); returns (id, attempt) pairs."""
    with transaction.atomic():
        ids = list(
            candidates.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        # Conditional as well as locked: where rows cannot be locked (SQLite), a row claimed by someone
        # else in between no longer matches, and the read-back below only returns our own claims.
        model = candidates.model
        model.objects.filter(claimable(now=now), pk__in=ids).update(
            state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        claimed = dict(
            model.objects.filter(pk__in=ids, state=DeliveryState.SENDING, claimed_at=now).values_list(
                "pk", "attempts"
            )
        )
        return [(pk, claimed[pk]) for pk in ids if pk in claimed]  # in the candidates' order


def claim_all(candidates: QuerySet, *, now: datetime, enqueue) -> int:
    """Claim batch after batch and call ``enqueue(row_id, attempt)`` once per claimed row.

    When the broker cannot be reached, the claims not yet handed over go back to "pending" before the
    error propagates, so the next sweep takes them at once instead of after the claim timeout.
    """
    total = 0
    while total < MAX_PER_SWEEP:
        batch = claim_batch(candidates, now=now, limit=min(BATCH_SIZE, MAX_PER_SWEEP - total))
        if not batch:
            break
        for index, (row_id, attempt) in enumerate(batch):
            try:
                enqueue(row_id, attempt)
            except BrokerUnavailable:
                for pk, claim in batch[index:]:
                    release_claim(candidates.model, pk=pk, attempt=claim)
                raise
        total += len(batch)
    return total


def finish_claim(model: type[Model], *, pk: int, attempt: int, send) -> bool:
    """Mark the claimed row sent and call ``send()`` before the commit: at most one caller ever does."""
    with transaction.atomic():
        won = model.objects.filter(pk=pk, state=DeliveryState.SENDING, attempts=attempt).update(
            state=DeliveryState.SENT, sent_at=timezone.now()
        )
        if won:
            send()  # raising rolls back to "sending"; a later sweep retries after the timeout
    return bool(won)


def release_claim(model: type[Model], *, pk: int, attempt: int) -> bool:
    """Give a claim back (its task could not be queued): the row is "pending" again for the next sweep."""
    released = model.objects.filter(pk=pk, state=DeliveryState.SENDING, attempts=attempt).update(
        state=DeliveryState.PENDING, claimed_at=None
    )
    return bool(released)


def drop_claim(model: type[Model], *, pk: int, attempt: int) -> None:
    model.objects.filter(pk=pk, state=DeliveryState.SENDING, attempts=attempt).update(
        state=DeliveryState.CANCELLED
    )


# Reminders -----------------------------------------------------------------------------------------


def reminders_cancel_unwanted(*, now: datetime) -> int:
    """Cancel due or in-flight reminders nobody should get: the session started or is no longer
    scheduled, the place is no longer confirmed, the person opted out or left. Returns how many."""
    unwanted = (
        Q(registration__session__starts_at__lte=now)
        | ~Q(registration__session__status=SessionStatus.SCHEDULED)
        | ~Q(registration__status=RegistrationStatus.CONFIRMED)
        | Q(registration__user__notify_session_reminders=False)
        | Q(registration__user__is_active=False)
    )
    open_rows = Q(state=DeliveryState.PENDING, due_at__lte=now) | Q(state=DeliveryState.SENDING)
    return Reminder.objects.filter(open_rows).filter(unwanted).update(state=DeliveryState.CANCELLED)


def reminders_sweep(*, now: datetime | None = None) -> int:
    """Cancel unwanted reminders, claim the due ones and queue one send task each; returns how many.

    Side effects: updates reminder rows (claims commit batch by batch, before their tasks are queued).
    """
    from sessions_app.tasks import send_reminder

    now = now or timezone.now()
    reminders_cancel_unwanted(now=now)
    due = Reminder.objects.filter(claimable(now=now), due_at__lte=now).order_by("due_at", "pk")
    return claim_all(
        due,
        now=now,
        enqueue=lambda pk, attempt: send_reminder.delay(reminder_id=pk, attempt=attempt),
    )


def _still_wanted(reminder: Reminder, now: datetime) -> bool:
    """Send only to a confirmed, opted-in person, and only while the reminder still makes sense:
    before the start and at most half its lead time late (a "24 hours" reminder is never sent an hour
    before; the "1 hour" one is)."""
    registration = reminder.registration
    session = registration.session
    user = registration.user
    return (
        session.status == SessionStatus.SCHEDULED
        and registration.status == RegistrationStatus.CONFIRMED
        and user.is_active
        and user.notify_session_reminders
        and session.starts_at - now > timedelta(minutes=reminder.offset_minutes) / 2
    )


def lead_time(minutes: int) -> str:
    if minutes % (24 * 60) == 0 and minutes > 24 * 60:
        days = minutes // (24 * 60)
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def reminder_message(*, reminder: Reminder) -> tuple[str, str]:
    """Subject and body, in the person's language, times in their zone and the organiser's."""
    user = reminder.registration.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        lead = lead_time(reminder.offset_minutes)
        subject = _("Reminder: %(title)s starts in %(lead)s") % {
            "title": reminder.registration.session.title,
            "lead": lead,
        }
        context = {**email_context(registration=reminder.registration), "lead": lead}
        return subject, render_to_string("sessions_app/email/reminder.txt", context)


def reminder_send(*, reminder_id: int, attempt: int, now: datetime | None = None) -> bool:
    """Send one claimed reminder, exactly once; returns whether this call sent it.

    Does nothing unless the row is still "sending" under ``attempt``. A reminder no longer wanted is
    cancelled instead. Side effects: one e-mail; the row becomes "sent" in the same transaction.
    """
    reminder = (
        Reminder.objects.select_related("registration__user", "registration__session__programme")
        .filter(pk=reminder_id, state=DeliveryState.SENDING, attempts=attempt)
        .first()
    )
    if reminder is None:
        return False
    if not _still_wanted(reminder, now or timezone.now()):
        drop_claim(Reminder, pk=reminder.pk, attempt=attempt)
        return False
    subject, body = reminder_message(reminder=reminder)
    to = reminder.registration.user.email
    return finish_claim(
        Reminder,
        pk=reminder.pk,
        attempt=attempt,
        send=lambda: email_send(subject=subject, body=body, to=to),
    )
