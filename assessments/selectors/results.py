"""The self-assessment's pages: a user's cooperatives with their assessments, one assessment to take,
and a result with its change, weakest dimensions, recommended practices and upcoming sessions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils import timezone
from django_countries.fields import Country

from assessments.models import Answer, Assessment, Question
from assessments.permissions import can_take_assessment, can_view_assessment
from assessments.scoring import change, format_change, weakest
from members.enums import OrganisationKind
from members.models import Organisation
from members.permissions import managed_organisation_ids
from practices.enums import CostBand, MaturityDimension, PracticeStatus, SetupTime
from practices.models import Adoption, Practice, PracticeDimension
from sessions_app.enums import SessionStatus
from sessions_app.models import Session
from sessions_app.selectors.programmes import sessions_visible_to

PRACTICE_LIMIT = 6
SESSION_LIMIT = 5
DIMENSIONS = list(MaturityDimension.values)
LABELS = dict(MaturityDimension.choices)


def cooperatives_for_home(user) -> list[Organisation]:
    """Active cooperatives the user manages, each with ``assessments`` (newest first): two queries."""
    managed = managed_organisation_ids(user)
    cooperatives = Organisation.objects.filter(kind=OrganisationKind.COOPERATIVE, is_active=True)
    if managed is not None:
        cooperatives = cooperatives.filter(pk__in=managed)
    newest_first = Assessment.objects.order_by(F("completed_at").desc(nulls_first=True), "-created_at")
    return list(
        cooperatives.select_related("parent").prefetch_related(Prefetch("assessments", queryset=newest_first))
    )


def _assessment(pk: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("organisation__parent__parent", "questionnaire")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def assessment_to_take(pk: int, user) -> Assessment:
    """The assessment with ``questions`` (options prefetched) and ``answers`` ({question id: option id});
    Http404 when missing or when the user may not take it (its existence does not leak)."""
    assessment = _assessment(pk)
    if not can_take_assessment(user, assessment.organisation):
        raise Http404
    assessment.question_list = list(
        Question.objects.filter(questionnaire_id=assessment.questionnaire_id).prefetch_related("options")
    )
    assessment.answer_map = dict(
        Answer.objects.filter(assessment=assessment).values_list("question_id", "option_id")
    )
    return assessment


def assessment_to_view(pk: int, user) -> Assessment:
    assessment = _assessment(pk)
    if not can_view_assessment(user, assessment):
        raise Http404
    return assessment


@dataclass
class DimensionRow:
    dimension: str
    label: str
    score: Decimal
    previous: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        return change(self.score, self.previous)

    @property
    def change_display(self) -> str:
        return format_change(self.change)


@dataclass
class Result:
    assessment: Assessment
    rows: list[DimensionRow]
    previous: Assessment | None
    weakest: list[DimensionRow]
    practices: list[Practice] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)

    @property
    def overall_change(self) -> Decimal | None:
        return change(self.assessment.overall, self.previous.overall if self.previous else None)

    @property
    def overall_change_display(self) -> str:
        return format_change(self.overall_change)


def result_for_page(assessment: Assessment, user) -> Result:
    """Everything the result page shows, in a constant number of queries."""
    current, previous = _with_previous(assessment)
    before = {score.dimension: score.score for score in previous.scores.all()} if previous else {}
    rows = [
        DimensionRow(
            dimension=s.dimension, label=LABELS[s.dimension], score=s.score, previous=before.get(s.dimension)
        )
        for s in sorted(current.scores.all(), key=lambda s: DIMENSIONS.index(s.dimension))
    ]
    weak = weakest({row.dimension: row.score for row in rows}, DIMENSIONS)
    weakest_rows = [row for dimension in weak for row in rows if row.dimension == dimension]
    return Result(
        assessment=assessment,
        rows=rows,
        previous=previous,
        weakest=weakest_rows,
        practices=recommended_practices(weak, exclude_owner=assessment.organisation),
        sessions=matching_sessions(weak, user),
    )


def _with_previous(assessment: Assessment) -> tuple[Assessment, Assessment | None]:
    """This assessment and the completed one before it, with their scores: two queries."""
    latest_two = list(
        Assessment.objects.filter(
            organisation_id=assessment.organisation_id, completed_at__lte=assessment.completed_at
        )
        .exclude(pk__gt=assessment.pk, completed_at=assessment.completed_at)
        .prefetch_related("scores")
        .order_by("-completed_at", "-pk")[:2]
    )
    current = next(row for row in latest_two if row.pk == assessment.pk)
    previous = next((row for row in latest_two if row.pk != assessment.pk), None)
    return current, previous


def _rank(field_name: str, values: list[str]) -> Case:
    """0 for the first of ``values``, 1 for the next...; len(values) for "not stated"."""
    whens = [When(**{field_name: value}, then=Value(i)) for i, value in enumerate(values)]
    return Case(*whens, default=Value(len(values)), output_field=IntegerField())


def recommended_practices(dimensions: list[str], *, exclude_owner=None) -> list[Practice]:
    """Published practices tagged with any of ``dimensions``, best fit first: how many of them they
    match, then low cost, then short set-up, then how many other countries adopted them. Two queries.

    Each practice carries ``matched`` (dimension codes), ``match_count``, ``cost_rank``, ``setup_rank``
    and ``adopted_countries`` (distinct countries, other than its own, of organisations that adopted it).
    """
    if not dimensions:
        return []
    matching = PracticeDimension.objects.filter(practice_id=OuterRef("pk"), dimension__in=dimensions)
    adopters = (
        Adoption.objects.filter(practice_id=OuterRef("pk"))
        .exclude(organisation__country="")
        .exclude(organisation__country=OuterRef("home_country"))
        .order_by()
        .values("practice_id")
        .annotate(n=Count("organisation__country", distinct=True))
        .values("n")
    )
    practices = (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED, dimensions__dimension__in=dimensions)
        .distinct()
        .select_related("owner")
        .defer("search_vector", "description")
        .annotate(
            home_country=Coalesce(
                NullIf(F("country"), Value("")), F("owner__country"), output_field=CharField()
            ),
            match_count=Subquery(
                matching.order_by().values("practice_id").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            cost_rank=_rank("cost_band", list(CostBand.values)),
            setup_rank=_rank("setup_time", list(SetupTime.values)),
            adopted_countries=Coalesce(Subquery(adopters, output_field=IntegerField()), 0),
        )
        .prefetch_related(
            Prefetch("dimensions", queryset=PracticeDimension.objects.filter(dimension__in=dimensions))
        )
        .order_by("-match_count", "cost_rank", "setup_rank", "-adopted_countries", "title")
    )
    if exclude_owner is not None:
        practices = practices.exclude(owner=exclude_owner)
    practices = list(practices[:PRACTICE_LIMIT])
    for practice in practices:
        practice.matched = sorted((row.dimension for row in practice.dimensions.all()), key=DIMENSIONS.index)
        practice.matched_labels = [LABELS[dimension] for dimension in practice.matched]
        practice.country_of_origin = Country(practice.home_country) if practice.home_country else None
    return practices


def matching_sessions(dimensions: list[str], user) -> list[Session]:
    """Scheduled sessions still to come, visible to ``user``, presenting a published practice tagged with
    any of ``dimensions``; soonest first."""
    if not dimensions:
        return []
    presenting = Q(
        practices__status=PracticeStatus.PUBLISHED, practices__dimensions__dimension__in=dimensions
    )
    return list(
        sessions_visible_to(user)
        .filter(presenting, status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now())
        .distinct()
        .select_related("programme")
        .order_by("starts_at", "number")[:SESSION_LIMIT]
    )
