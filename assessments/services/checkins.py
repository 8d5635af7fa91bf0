"""Check-in e-mails about follow-up commitments, each sent exactly once.

The same pattern as the session reminders (``sessions_app.services.reminder_sending``, whose claim
helpers are reused): a beat sweep claims due rows pending -> sending with a conditional update and
queues one task per claimed row; the task turns its claim into "sent" and sends the e-mail before that
commits; a row left in "sending" longer than ``REMINDER_CLAIM_TIMEOUT`` is claimed again by a sweep.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.enums import CommitmentStatus
from assessments.models import CheckIn
from sessions_app.enums import DeliveryState
from sessions_app.services.notifications import absolute_url, email_send
from sessions_app.services.reminder_sending import claim_all, claimable, drop_claim, finish_claim

SETTLED = (CommitmentStatus.ADOPTED, CommitmentStatus.DROPPED)


def checkins_cancel_unwanted(*, now: datetime) -> int:
    """Cancel due or in-flight check-ins nobody should get: the commitment is settled (adopted,
    dropped), or the person who recorded it is gone or inactive. Returns how many."""
    unwanted = (
        Q(commitment__status__in=SETTLED)
        | Q(commitment__created_by__isnull=True)
        | Q(commitment__created_by__is_active=False)
    )
    open_rows = Q(state=DeliveryState.PENDING, due_at__lte=now) | Q(state=DeliveryState.SENDING)
    return CheckIn.objects.filter(open_rows).filter(unwanted).update(state=DeliveryState.CANCELLED)


def checkins_sweep(*, now: datetime | None = None) -> int:
    """Cancel unwanted check-ins, claim the due ones and queue one send task each; returns how many.

    Side effects: updates check-in rows (claims commit batch by batch, before their tasks are queued).
    """
    from assessments.tasks import send_checkin

    now = now or timezone.now()
    checkins_cancel_unwanted(now=now)
    due = CheckIn.objects.filter(claimable(now=now), due_at__lte=now).order_by("due_at", "pk")
    return claim_all(
        due, now=now, enqueue=lambda pk, attempt: send_checkin.delay(checkin_id=pk, attempt=attempt)
    )


def checkin_message(*, checkin: CheckIn) -> tuple[str, str]:
    """Subject and body, in the language of the person who recorded the commitment."""
    commitment = checkin.commitment
    user = commitment.created_by
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = _("%(months)s months on: how is “%(practice)s” going?") % {
            "months": checkin.months,
            "practice": commitment.practice.title,
        }
        context = {
            "checkin": checkin,
            "commitment": commitment,
            "user": user,
            "answer_url": absolute_url(reverse("assessments:checkin_answer", args=[checkin.token])),
            "practice_url": absolute_url(commitment.practice.get_absolute_url()),
        }
        return subject, render_to_string("assessments/email/checkin.txt", context)


def checkin_send(*, checkin_id: int, attempt: int) -> bool:
    """Send one claimed check-in, exactly once; returns whether this call sent it.

    Does nothing unless the row is still "sending" under ``attempt``; one no longer wanted (settled,
    recipient gone) is cancelled instead. Side effects: one e-mail; the row becomes "sent".
    """
    checkin = (
        CheckIn.objects.select_related(
            "commitment__created_by",
            "commitment__practice",
            "commitment__organisation",
            "commitment__session",
        )
        .filter(pk=checkin_id, state=DeliveryState.SENDING, attempts=attempt)
        .first()
    )
    if checkin is None:
        return False
    commitment = checkin.commitment
    user = commitment.created_by
    if user is None or not user.is_active or commitment.status in SETTLED:
        drop_claim(CheckIn, pk=checkin.pk, attempt=attempt)
        return False
    subject, body = checkin_message(checkin=checkin)
    return finish_claim(
        CheckIn,
        pk=checkin.pk,
        attempt=attempt,
        send=lambda: email_send(subject=subject, body=body, to=user.email),
    )
