"""Follow-up commitments: after a session, an organisation records what it will try, and says later how
it went (through the check-in e-mails of ``assessments.services.checkins``)."""

import calendar
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.enums import CommitmentStatus
from assessments.models import CheckIn, Commitment
from assessments.permissions import can_record_commitment
from members.models import Organisation, User
from practices.enums import PracticeStatus
from practices.models import Practice
from practices.services.adoption import adoption_create
from sessions_app.enums import DeliveryState, SessionStatus
from sessions_app.models import Session

ANSWERS = (CommitmentStatus.STARTED, CommitmentStatus.ADOPTED, CommitmentStatus.DROPPED)
FINAL = (CommitmentStatus.ADOPTED, CommitmentStatus.DROPPED)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day when it is shorter: 31 Jan + 1 = 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def session_open_for_commitments(session: Session, *, now: datetime | None = None) -> bool:
    """Commitments follow a session that took place: completed, or at least started (not cancelled)."""
    if session.status == SessionStatus.CANCELLED:
        return False
    return session.status == SessionStatus.COMPLETED or session.starts_at <= (now or timezone.now())


def _require_valid(*, user: User, organisation: Organisation, session: Session, practice: Practice) -> None:
    if not can_record_commitment(user, organisation):
        raise ValidationError(_("You cannot record commitments for this organisation."), code="not_allowed")
    if not session_open_for_commitments(session):
        raise ValidationError(_("Commitments follow a session that has taken place."), code="not_held")
    presented = session.practices.filter(pk=practice.pk, status=PracticeStatus.PUBLISHED).exists()
    if not presented:
        raise ValidationError(_("This practice was not presented in this session."), code="not_presented")


@transaction.atomic
def commitment_create(
    *,
    organisation: Organisation,
    session: Session,
    practice: Practice,
    description: str,
    target_date: date,
    by: User,
) -> Commitment:
    """``organisation`` will try ``practice``, presented in ``session``, by ``target_date``.

    Raises ``ValidationError`` (codes ``not_allowed``, ``not_held``, ``not_presented``). Side effects:
    one pending CheckIn row per month in ``settings.ASSESSMENT_CHECKIN_MONTHS``, swept by beat
    (``assessments.send_due_checkins``), which e-mails ``by`` once per check-in.
    """
    _require_valid(user=by, organisation=organisation, session=session, practice=practice)
    commitment = Commitment.objects.create(
        organisation=organisation,
        session=session,
        practice=practice,
        description=description.strip(),
        target_date=target_date,
        created_by=by,
    )
    now = timezone.now()
    CheckIn.objects.bulk_create(
        [
            CheckIn(commitment=commitment, months=months, due_at=add_months(now, months))
            for months in sorted(set(settings.ASSESSMENT_CHECKIN_MONTHS))
        ]
    )
    return commitment


def _record_adoption(commitment: Commitment, note: str) -> bool:
    """The practice shows "transferred to" the organisation; returns whether an Adoption was created."""
    story = note or _("Reported through a follow-up check-in.")
    reporter = commitment.created_by
    if reporter is None:
        return False
    try:
        adoption_create(
            practice=commitment.practice, organisation=commitment.organisation, by=reporter, story=story
        )
    except ValidationError:
        # Already reported (a second answer, or through the practice page), its own practice, no longer
        # published, or the reporter left the organisation: the commitment still records the outcome.
        return False
    return True


@transaction.atomic
def checkin_answer(*, checkin: CheckIn, status: str, note: str) -> Commitment:
    """The answer to a check-in: the commitment's status and outcome become ``status`` and ``note``.

    Answering again updates the same commitment (never a second row). "adopted" records an Adoption of
    the practice for the organisation (at most one). A final answer (adopted, dropped) cancels the
    check-ins not yet sent: nobody is asked again about a settled commitment.
    """
    if status not in ANSWERS:
        raise ValidationError(_("Choose started, adopted or dropped."), code="invalid_status")
    commitment = (
        Commitment.objects.select_for_update(of=("self",))  # created_by is nullable: lock only this row
        .select_related("practice", "organisation", "created_by")
        .get(pk=checkin.commitment_id)
    )
    note = note.strip()
    commitment.status = status
    if note:
        commitment.outcome = note
    commitment.save(update_fields=["status", "outcome", "updated_at"])
    CheckIn.objects.filter(pk=checkin.pk).update(answered_at=timezone.now())
    if status == CommitmentStatus.ADOPTED:
        _record_adoption(commitment, note)
    if status in FINAL:
        commitment.checkins.filter(state=DeliveryState.PENDING).update(state=DeliveryState.CANCELLED)
    return commitment
