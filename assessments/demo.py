"""Demo cooperatives, one under each demo federation, each with two completed self-assessments months
apart, so the result page, the needs dashboard and the funder pack show change after ``make run``.

Everything here is invented for the demonstration and labelled so: the cooperatives are named "Demo
cooperative (<country>)" and flagged ``is_demo``, like their assessments. Idempotent: a cooperative that
already has two demo assessments is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from assessments.models import Assessment, Option, Question
from assessments.services import assessments as services
from members import services as members_services
from members.demo import DEMO_COUNTRIES
from members.enums import OrganisationKind
from members.models import Organisation
from practices.enums import MaturityDimension

FIRST_DAYS_AGO, SECOND_DAYS_AGO = 300, 75
DIMENSIONS = list(MaturityDimension.values)
QUESTION_SPREAD = (0, 1, 0, -1)  # answers within a dimension vary around its level


def load(*, stdout) -> None:
    questionnaire = services.active_questionnaire()
    if questionnaire is None:
        stdout.write("assessments: no active questionnaire, no demo assessments")
        return
    questions = list(Question.objects.filter(questionnaire=questionnaire).prefetch_related("options"))
    made = 0
    for index, (code, country) in enumerate(DEMO_COUNTRIES.items()):
        cooperative = _cooperative(code, country)
        if cooperative is None:
            continue
        done = Assessment.objects.filter(organisation=cooperative, is_demo=True, completed_at__isnull=False)
        for round_number in range(done.count(), 2):
            _assessment(cooperative, questions, index, round_number)
            made += 1
    stdout.write(f"assessments: {len(DEMO_COUNTRIES)} demo cooperatives, {made} demo assessments made")


def _cooperative(code: str, country: str) -> Organisation | None:
    slug = f"demo-cooperative-{code.lower()}"
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    federation = Organisation.objects.filter(slug=f"demo-federation-{code.lower()}").first()
    if federation is None:
        return None
    return members_services.organisation_ensure(
        slug=slug,
        kind=OrganisationKind.COOPERATIVE,
        name=f"Demo cooperative ({country})",
        country=code,
        parent=federation,
        is_demo=True,
        description="Demo placeholder: an invented cooperative with invented self-assessments.",
    )


def _level(cooperative_index: int, dimension_index: int, round_number: int) -> int:
    """An invented level 0..4 per dimension; the second round mostly higher, one dimension lower."""
    first = (cooperative_index + 3 * dimension_index + 2) % 4
    if round_number == 0:
        return first
    if dimension_index == (cooperative_index + 1) % len(DIMENSIONS):
        return max(first - 1, 0)
    return min(first + 1, 4)


def _assessment(cooperative: Organisation, questions: list[Question], index: int, round_number: int) -> None:
    assessment = services.assessment_start(organisation=cooperative, user=None, is_demo=True)
    chosen: dict[int, Option] = {}
    for position, question in enumerate(questions):
        level = _level(index, DIMENSIONS.index(question.dimension), round_number)
        score = min(max(level + QUESTION_SPREAD[position % len(QUESTION_SPREAD)], 0), 4)
        options = {option.score: option for option in question.options.all()}
        chosen[question.pk] = options.get(score) or next(iter(options.values()))
    services.answers_save(assessment=assessment, options=chosen)
    days_ago = FIRST_DAYS_AGO if round_number == 0 else SECOND_DAYS_AGO
    completed_at = timezone.now() - timedelta(days=days_ago)
    services.assessment_complete(assessment=assessment, completed_at=completed_at)
