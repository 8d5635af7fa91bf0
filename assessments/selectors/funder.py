"""The funder pack: the indicators a funder asks of a programme, built on the programme report.

Participating organisations are those of the people who took part (as in the report). Their
cooperatives are the cooperatives among them and beneath them. Assessments count when completed
during the programme period (first session start to last session end). The average change in overall
score compares, per cooperative assessed during the period, its latest assessment in the period with
the one before (the latest before the period, else its first in the period); like the needs
dashboard, it is hidden when fewer than 5 cooperatives have both.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q

from assessments.enums import CommitmentStatus
from assessments.models import Assessment, Commitment
from assessments.permissions import ANONYMITY_THRESHOLD
from members.enums import OrganisationKind
from members.models import Membership
from sessions_app.enums import RegistrationStatus, SessionStatus
from sessions_app.models import Programme
from sessions_app.selectors.report import ProgrammeReport, programme_report

TENTH = Decimal("0.1")
FEDERATION_KINDS = (OrganisationKind.FEDERATION, OrganisationKind.CONFEDERATION)


@dataclass(frozen=True)
class FunderPack:
    programme: Programme
    report: ProgrammeReport
    period_start: datetime | None
    period_end: datetime | None
    federations: list[str]
    commitments_made: int
    commitments_adopted: int
    assessments_taken: int
    cooperatives_compared: int | None  # None: fewer than 5
    average_change: Decimal | None  # None: fewer than 5 cooperatives to compare

    @property
    def sessions_held(self) -> int:
        return len(self.report.held_sessions)

    def indicators(self) -> dict:
        """Machine-readable figures for the CSV and JSON downloads."""
        report = self.report
        return {
            "programme": self.programme.title,
            "period_start": self.period_start.date().isoformat() if self.period_start else None,
            "period_end": self.period_end.date().isoformat() if self.period_end else None,
            "sessions_held": self.sessions_held,
            "participants": report.participants,
            "countries_represented": len(report.countries),
            "countries": [row.country.code for row in report.countries],
            "federations_represented": len(self.federations),
            "federations": self.federations,
            "practices_presented": len(report.practices),
            "commitments_made": self.commitments_made,
            "commitments_adopted": self.commitments_adopted,
            "assessments_taken": self.assessments_taken,
            "cooperatives_compared": self.cooperatives_compared,
            "average_change_in_overall_score": (
                str(self.average_change) if self.average_change is not None else None
            ),
            "funding_acknowledgement": self.programme.funding_acknowledgement,
        }


def _participating_organisations(programme: Programme) -> list[dict]:
    took_part = (
        Q(user__registrations__session__programme=programme)
        & ~Q(user__registrations__session__status=SessionStatus.CANCELLED)
        & Q(user__registrations__status=RegistrationStatus.CONFIRMED)
        & ~Q(user__registrations__attended=False)
    )
    return list(
        Membership.objects.filter(took_part)
        .values(
            "organisation_id",
            "organisation__name",
            "organisation__kind",
            "organisation__parent_id",
            "organisation__parent__name",
            "organisation__parent__kind",
        )
        .distinct()
        .order_by()
    )


def _federations(organisations: list[dict]) -> list[str]:
    names = set()
    for row in organisations:
        if row["organisation__kind"] in FEDERATION_KINDS:
            names.add(row["organisation__name"])
        elif row["organisation__parent__kind"] in FEDERATION_KINDS:
            names.add(row["organisation__parent__name"])
    return sorted(names)


def _period(report: ProgrammeReport) -> tuple[datetime | None, datetime | None]:
    held = report.held_sessions
    if not held:
        return None, None
    return min(session.starts_at for session in held), max(session.ends_at for session in held)


def _cooperative_assessments(organisations: list[dict], end: datetime) -> list[dict]:
    ids = {row["organisation_id"] for row in organisations}
    beneath = (
        Q(organisation_id__in=ids)
        | Q(organisation__parent_id__in=ids)
        | Q(organisation__parent__parent_id__in=ids)
    )
    return list(
        Assessment.objects.filter(beneath, organisation__kind=OrganisationKind.COOPERATIVE)
        .filter(completed_at__isnull=False, completed_at__lte=end, overall__isnull=False)
        .values("organisation_id", "completed_at", "overall")
        .order_by("organisation_id", "completed_at", "pk")
    )


def _change(rows: list[dict], start: datetime) -> tuple[int, list[Decimal]]:
    """How many assessments fall in the period, and each cooperative's change (latest minus baseline)."""
    per_cooperative = defaultdict(list)
    for row in rows:
        per_cooperative[row["organisation_id"]].append(row)
    taken, changes = 0, []
    for history in per_cooperative.values():
        during = [row for row in history if row["completed_at"] >= start]
        taken += len(during)
        before = [row for row in history if row["completed_at"] < start]
        baseline = before[-1] if before else during[0] if len(during) > 1 else None
        if during and baseline is not None:
            changes.append(during[-1]["overall"] - baseline["overall"])
    return taken, changes


def funder_pack(programme: Programme) -> FunderPack:
    report = programme_report(programme)
    organisations = _participating_organisations(programme)
    start, end = _period(report)
    commitments = Commitment.objects.filter(session__programme=programme).aggregate(
        made=Count("pk"), adopted=Count("pk", filter=Q(status=CommitmentStatus.ADOPTED))
    )
    taken, changes = _change(_cooperative_assessments(organisations, end), start) if start else (0, [])
    enough = len(changes) >= ANONYMITY_THRESHOLD
    return FunderPack(
        programme=programme,
        report=report,
        period_start=start,
        period_end=end,
        federations=_federations(organisations),
        commitments_made=commitments["made"],
        commitments_adopted=commitments["adopted"],
        assessments_taken=taken,
        cooperatives_compared=len(changes) if enough else None,
        average_change=(sum(changes) / len(changes)).quantize(TENTH) if enough else None,
    )
