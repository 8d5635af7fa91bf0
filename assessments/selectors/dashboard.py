"""A federation's needs dashboard: its member cooperatives' latest assessments, aggregated in SQL.

Four queries whatever the number of cooperatives and assessments. No number derived from fewer than
``ANONYMITY_THRESHOLD`` cooperatives leaves this module: such a value is ``None`` ("fewer than 5").
Countries with too few assessed cooperatives are pooled into "Other countries"; when that pool itself
would be too small, the smallest shown countries join it (otherwise the pool could be worked out from
the total minus the countries shown).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext as _
from django_countries.fields import Country

from assessments.models import Assessment, DimensionScore
from assessments.permissions import ANONYMITY_THRESHOLD
from members.enums import OrganisationKind
from members.models import Organisation
from practices.enums import MaturityDimension

DIMENSIONS = list(MaturityDimension)
GAPS = 3  # the lowest-scoring dimensions suggested as topics
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Cell:
    value: Decimal | None  # None: derived from fewer than ANONYMITY_THRESHOLD cooperatives

    @property
    def band(self) -> str:
        """A heat-map class: five bands of 20 points, or "none" for a hidden value."""
        return "heat-none" if self.value is None else f"heat-{min(int(self.value // 20), 4)}"


@dataclass(frozen=True)
class NeedsRow:
    label: str
    cooperatives: int | None
    overall: Cell
    scores: list[Cell]  # in DIMENSIONS order


@dataclass(frozen=True)
class TrendPoint:
    label: str
    cooperatives: int | None
    overall: Cell


@dataclass(frozen=True)
class Gap:
    dimension: MaturityDimension
    score: Decimal


@dataclass(frozen=True)
class NeedsDashboard:
    federation: Organisation
    members: int | None
    total: NeedsRow
    countries: list[NeedsRow]
    trend: list[TrendPoint]
    gaps: list[Gap]


def _safe_count(count: int) -> int | None:
    return count if count >= ANONYMITY_THRESHOLD else None


def _safe_mean(total, count: int) -> Cell:
    if count < ANONYMITY_THRESHOLD or total is None:
        return Cell(None)
    return Cell((Decimal(total) / count).quantize(TENTH))


def member_cooperatives(federation: Organisation) -> QuerySet[Organisation]:
    """Active cooperatives beneath the federation (or beneath a confederation's federations)."""
    return Organisation.objects.filter(
        Q(parent=federation) | Q(parent__parent=federation), kind=OrganisationKind.COOPERATIVE, is_active=True
    )


def latest_assessments(cooperatives: QuerySet[Organisation]) -> QuerySet[Assessment]:
    """Each cooperative's latest completed assessment (a correlated subquery, not a query per one)."""
    newest = (
        Assessment.objects.filter(organisation=OuterRef("organisation"), completed_at__isnull=False)
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )
    return Assessment.objects.filter(
        organisation__in=cooperatives, completed_at__isnull=False, pk=Subquery(newest)
    )


def _country_groups(counts: dict[str, int]) -> tuple[list[str], list[str]]:
    """Countries shown on their own (most assessed first) and those pooled into "Other countries"."""
    shown = sorted((code for code, n in counts.items() if n >= ANONYMITY_THRESHOLD), key=lambda c: -counts[c])
    pooled = [code for code in counts if code not in shown]
    pool = sum(counts[code] for code in pooled)
    while pooled and 0 < pool < ANONYMITY_THRESHOLD and shown:
        smallest = shown.pop()
        pooled.append(smallest)
        pool += counts[smallest]
    return shown, pooled


def _row(label: str, codes: list[str], overall: dict, scores: dict) -> NeedsRow:
    count = sum(overall[code][0] for code in codes)
    overall_total = sum((overall[code][1] or 0) for code in codes)
    cells = []
    for dimension in DIMENSIONS:
        pairs = [scores[code][dimension] for code in codes if dimension in scores[code]]
        cells.append(_safe_mean(sum(total for _n, total in pairs), sum(n for n, _total in pairs)))
    return NeedsRow(label, _safe_count(count), _safe_mean(overall_total, count), cells)


def _country_label(code: str) -> str:
    return str(Country(code=code).name) if code else _("Country not given")


def _trend(cooperatives: QuerySet[Organisation]) -> list[TrendPoint]:
    rows = (
        Assessment.objects.filter(organisation__in=cooperatives, completed_at__isnull=False)
        .annotate(quarter=TruncQuarter("completed_at"))
        .values("quarter")
        .annotate(cooperatives=Count("organisation", distinct=True), average=Avg("overall"))
        .order_by("quarter")
    )
    points = []
    for row in rows:
        quarter = row["quarter"]
        label = _("%(year)s Q%(quarter)s") % {"year": quarter.year, "quarter": (quarter.month - 1) // 3 + 1}
        count = row["cooperatives"]
        average = Cell(None) if count < ANONYMITY_THRESHOLD else Cell(Decimal(row["average"]).quantize(TENTH))
        points.append(TrendPoint(label, _safe_count(count), average))
    return points


def _gaps(total: NeedsRow) -> list[Gap]:
    known = [
        (cell.value, dimension)
        for dimension, cell in zip(DIMENSIONS, total.scores, strict=True)
        if cell.value is not None
    ]
    return [Gap(dimension, value) for value, dimension in sorted(known, key=lambda pair: pair[0])[:GAPS]]


def needs_dashboard(federation: Organisation) -> NeedsDashboard:
    cooperatives = member_cooperatives(federation)
    latest = latest_assessments(cooperatives)
    overall = {
        row["country"]: (row["n"], row["total"])
        for row in latest.values(country=F("organisation__country"))
        .annotate(n=Count("pk"), total=Sum("overall"))
        .order_by()
    }
    scores: dict[str, dict[str, tuple[int, Decimal]]] = defaultdict(dict)
    for row in (
        DimensionScore.objects.filter(assessment__in=latest)
        .values("dimension", country=F("assessment__organisation__country"))
        .annotate(n=Count("pk"), total=Sum("score"))
        .order_by()
    ):
        scores[row["country"]][row["dimension"]] = (row["n"], row["total"])
    shown, pooled = _country_groups({code: n for code, (n, _total) in overall.items()})
    countries = [_row(_country_label(code), [code], overall, scores) for code in shown]
    if pooled:
        countries.append(_row(_("Other countries, together"), pooled, overall, scores))
    total = _row(_("All member cooperatives"), list(overall), overall, scores)
    return NeedsDashboard(
        federation=federation,
        members=_safe_count(cooperatives.count()),
        total=total,
        countries=countries,
        trend=_trend(cooperatives),
        gaps=_gaps(total),
    )
