"""Sending each reminder exactly once, a batch per task, however many sweeps run and workers die.

A row moves pending -> sending -> sent (or cancelled):

1. ``reminders_sweep`` (beat, every minute) cancels the reminders that must not go out, then *claims*
   due rows in batches of ``BATCH_SIZE`` with a conditional update (pending -> sending, ``claimed_at`` =
   now, ``attempts`` + 1; on PostgreSQL the batch is picked with ``FOR UPDATE SKIP LOCKED``, so two
   sweeps running at once claim disjoint rows) and queues one ``send_reminders`` task per batch, with
   each row's (id, attempt).
2. ``reminders_send`` (the task, ``acks_late``) loads the rows still "sending" under their attempt in
   one query (registration, person, session and programme joined), cancels those no longer wanted, and
   sends the others through one connection to the mail server. Each reminder is still finished on its
   own, in its own short transaction: a conditional update (still "sending", still *its* attempt ->
   "sent"), the e-mail handed over, the commit. A duplicate task, or an old task whose claim was taken
   over, updates nothing and sends nothing; the row lock makes a concurrent one wait, then find the
   row sent. A cancellation made through the services during the batch turns the row "cancelled" (or
   deletes it), so its conditional update finds nothing and its e-mail is not sent.
3. A row left in "sending" (its worker died in the middle of the batch, the task was lost, the mail
   server failed) is claimed again by a later sweep once ``REMINDER_CLAIM_TIMEOUT`` seconds have
   passed; the rows of that batch already committed as "sent" stay sent.

The guarantee, for a batch as for one row: a reminder is never lost (until it is committed as "sent"
it is "pending" or "sending", and a sweep claims it again), and it is sent twice only if its worker
dies, or the database fails, between the mail server accepting that one message and the commit a few
microseconds later: no database can make an SMTP hand-over and a commit one atomic step. A batch does
not widen that window: the other rows of the batch are either committed already or not yet handed over.
One message refused by the mail server leaves only that row to a later sweep; the rest of the batch
goes on, and the task then fails with the first error.
"""

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import F, Model, Q, QuerySet, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from kombu.exceptions import OperationalError as BrokerUnavailable

from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
from sessions_app.models import Reminder
from sessions_app.services.notifications import email_context, recipient_zone

logger = logging.getLogger(__name__)

BATCH_SIZE = 100  # rows per claim, and reminders per send task
MAX_PER_SWEEP = 20_000  # a sweep ends; the next one (a minute later) takes the rest


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)


# The claim pattern, shared with the summary, registration and check-in e-mails ------------------------


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


def _claimed_batches(
    candidates: QuerySet, *, now: datetime, limit: int | None = None
) -> Iterator[list[tuple[int, int]]]:
    """Claim batch after batch, up to ``limit`` rows (``MAX_PER_SWEEP``); each batch is committed
    before it is yielded."""
    limit = MAX_PER_SWEEP if limit is None else limit
    total = 0
    while total < limit:
        batch = claim_batch(candidates, now=now, limit=min(BATCH_SIZE, limit - total))
        if not batch:
            return
        yield batch
        total += len(batch)


def claim_all(candidates: QuerySet, *, now: datetime, enqueue) -> int:
    """Claim batch after batch and call ``enqueue(row_id, attempt)`` once per claimed row.

    When the broker cannot be reached, the claims not yet handed over go back to "pending" before the
    error propagates, so the next sweep takes them at once instead of after the claim timeout.
    """
    total = 0
    for batch in _claimed_batches(candidates, now=now):
        for index, (row_id, attempt) in enumerate(batch):
            try:
                enqueue(row_id, attempt)
            except BrokerUnavailable:
                for pk, claim in batch[index:]:
                    release_claim(candidates.model, pk=pk, attempt=claim)
                raise
        total += len(batch)
    return total


def claim_all_batches(candidates: QuerySet, *, now: datetime, enqueue_batch, limit: int | None = None) -> int:
    """Claim batch after batch (up to ``limit`` rows, ``MAX_PER_SWEEP``) and call
    ``enqueue_batch([(row_id, attempt), ...])`` once per batch.

    When the broker cannot be reached, the batch not handed over goes back to "pending" before the
    error propagates, so the next sweep takes it at once instead of after the claim timeout.
    """
    total = 0
    for batch in _claimed_batches(candidates, now=now, limit=limit):
        try:
            enqueue_batch(batch)
        except BrokerUnavailable:
            for pk, claim in batch:
                release_claim(candidates.model, pk=pk, attempt=claim)
            raise
        total += len(batch)
    return total


def finish_claim(model: type[Model], *, pk: int, attempt: int, send) -> bool:
    """Mark the claimed row sent and call ``send()`` before the commit: at most one caller ever does."""
    sent_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                _mark_sent_sql(model),
                [DeliveryState.SENT.value, sent_at, pk, DeliveryState.SENDING.value, attempt],
            )
            won = cursor.rowcount
        if won:
            send()  # raising rolls back to "sending"; a later sweep retries after the timeout
    return bool(won)


@cache
def _mark_sent_sql(model: type[Model]) -> str:
    """``finish_claim``'s conditional update, written once per model: the ORM would compile the same
    statement again for every e-mail, which cost more CPU than the update and the commit themselves."""
    quote, meta = connection.ops.quote_name, model._meta
    state, sent_at, attempts, pk = (
        quote(meta.get_field(name).column) for name in ("state", "sent_at", "attempts", meta.pk.name)
    )
    return (
        f"UPDATE {quote(meta.db_table)} SET {state} = %s, {sent_at} = %s"  # noqa: S608  # nosec B608 - names from the model, values as parameters
        f" WHERE {pk} = %s AND {state} = %s AND {attempts} = %s"
    )


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
    """Cancel unwanted reminders, claim the due ones and queue one send task per batch; returns how
    many were claimed.

    Side effects: updates reminder rows (claims commit batch by batch, before their tasks are queued).
    """
    from sessions_app.tasks import send_reminders

    now = now or timezone.now()
    reminders_cancel_unwanted(now=now)
    due = Reminder.objects.filter(due_at__lte=now).order_by("due_at", "pk")

    def enqueue(claims: list[tuple[int, int]]) -> None:
        send_reminders.delay(claims=claims)

    # Two queries that walk the (state, due_at) index, rather than one "pending, or stuck in sending"
    # that sorts every due row for each batch: first the claims whose worker died, then the pending.
    stuck = due.filter(state=DeliveryState.SENDING, claimed_at__lt=now - claim_timeout())
    taken_over = claim_all_batches(stuck, now=now, enqueue_batch=enqueue)
    pending = due.filter(state=DeliveryState.PENDING)
    return taken_over + claim_all_batches(
        pending, now=now, enqueue_batch=enqueue, limit=MAX_PER_SWEEP - taken_over
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


NAME_SLOT = "\x00name\x00"  # where each reader's name goes: no title, URL or time holds a NUL


class _NameSlot:
    """The reader, in a reminder written once for everyone who gets the same words but their name."""

    def get_short_name(self) -> str:
        return NAME_SLOT


def reminder_message(*, reminder: Reminder, written: dict | None = None) -> tuple[str, str]:
    """Subject and body, in the person's language, times in their zone and the organiser's.

    Everyone of a session with the same language, zone and lead time gets the same text but for their
    name: ``written`` (one dict per batch, whose rows come from one query) keeps that text, rendered
    once with a slot for the name, which is then filled in for each person.
    """
    registration = reminder.registration
    user = registration.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    zone = recipient_zone(user, registration.session)
    key = (registration.session_id, registration.status, language, zone.key, reminder.offset_minutes)
    written = {} if written is None else written
    if key not in written:
        written[key] = _reminder_text(reminder, language)
    subject, body = written[key]
    return subject, body.replace(NAME_SLOT, user.get_short_name())


def _reminder_text(reminder: Reminder, language: str) -> tuple[str, str]:
    with translation.override(language):
        lead = lead_time(reminder.offset_minutes)
        context = email_context(registration=reminder.registration)
        del context["registration"]  # nothing of one person but the name may be written in
        context |= {"user": _NameSlot(), "lead": lead}
        subject = _("Reminder: %(title)s starts in %(lead)s") % {
            "title": context["session_title"],
            "lead": lead,
        }
        return subject, render_to_string("sessions_app/email/reminder.txt", context)


def _claimed_reminders(claims: list[tuple[int, int]]) -> list[Reminder]:
    """The batch's rows still "sending" under their own claim, with everything their e-mail shows, in
    three queries; a row claimed again since (the claim timed out) belongs to another task."""
    attempts = dict(claims)
    rows = (
        Reminder.objects.select_related("registration__user", "registration__session__programme")
        .filter(pk__in=attempts, state=DeliveryState.SENDING)
        .order_by("due_at", "pk")
    )
    claimed = [row for row in rows if row.attempts == attempts[row.pk]]
    # The rows of one session share one instance of it, so that its translations (the titles in each
    # reader's language: two queries a batch) are fetched and handed out once, not once per row.
    sessions = {}
    for row in claimed:
        registration = row.registration
        registration.session = sessions.setdefault(registration.session_id, registration.session)
    prefetch_related_objects(list(sessions.values()), "translations", "programme__translations")
    return claimed


def _send_each(reminders: list[Reminder]) -> int:
    """Mark-and-send each reminder in its own transaction, through one mail-server connection.

    A message that fails leaves its row "sending" (a later sweep retries it) without holding back the
    others; the first error is raised at the end, so that the task is recorded as failed.
    """
    sent, errors, written = 0, [], {}
    with mailers.default as mailer:
        for reminder in reminders:
            subject, body = reminder_message(reminder=reminder, written=written)
            message = EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.registration.user.email]
            )
            try:
                sent += finish_claim(
                    Reminder,
                    pk=reminder.pk,
                    attempt=reminder.attempts,
                    send=lambda message=message: mailer.send_messages([message]),
                )
            except Exception as error:  # re-raised below, after the rest of the batch
                logger.warning("reminder %s left to a later sweep: %r", reminder.pk, error)
                errors.append(error)
    if errors:
        raise errors[0]
    return sent


def reminders_send(*, claims: list[tuple[int, int]], now: datetime | None = None) -> int:
    """Send a claimed batch of reminders, each exactly once; returns how many this call sent.

    ``claims`` are the (id, attempt) pairs of one ``claim_batch``. A row no longer "sending" under its
    attempt is skipped (a duplicate or outdated task); a reminder no longer wanted is cancelled.
    Side effects: e-mails through one mail-server connection; each row becomes "sent" in its own
    transaction, committed just after its e-mail is handed over (see the module docstring).
    """
    wanted = []
    for reminder in _claimed_reminders(claims):
        if _still_wanted(reminder, now or timezone.now()):
            wanted.append(reminder)
        else:
            drop_claim(Reminder, pk=reminder.pk, attempt=reminder.attempts)
    return _send_each(wanted) if wanted else 0


def reminder_send(*, reminder_id: int, attempt: int, now: datetime | None = None) -> bool:
    """Send one claimed reminder (a batch of one: tasks queued before batches, tests); see above."""
    return bool(reminders_send(claims=[(reminder_id, attempt)], now=now))
