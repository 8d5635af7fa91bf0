"""Questionnaires, assessments and their scores for the self-assessment's tests."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.db.models import Max
from django.utils import timezone

from assessments.models import Assessment, DimensionScore, Option, Question, Questionnaire
from practices.enums import MaturityDimension
from tests.factories.members import OrganisationFactory

DIMENSIONS = list(MaturityDimension.values)


def next_version() -> int:
    return (Questionnaire.objects.aggregate(latest=Max("version"))["latest"] or 0) + 1


def questionnaire_with_questions(*, per_dimension: int = 4, active: bool = False) -> Questionnaire:
    """A questionnaire with ``per_dimension`` questions on each of the six dimensions, options 0..4."""
    questionnaire = Questionnaire.objects.create(
        title="Test questionnaire", version=next_version(), is_active=active
    )
    position = 0
    for dimension in DIMENSIONS:
        for number in range(per_dimension):
            position += 1
            question = Question.objects.create(
                questionnaire=questionnaire,
                dimension=dimension,
                text=f"Question {number + 1} on {dimension}?",
                position=position,
            )
            Option.objects.bulk_create(
                [Option(question=question, label=f"Answer {score}", score=score) for score in range(5)]
            )
    return questionnaire


def active_questionnaire() -> Questionnaire:
    """The active questionnaire: version 1 from the data migration, or (after a flush) a new one."""
    return Questionnaire.objects.filter(is_active=True).first() or questionnaire_with_questions(active=True)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A completed assessment; pass ``scores={dimension: score}`` to store its dimension scores."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    questionnaire = factory.LazyFunction(active_questionnaire)
    completed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    overall = Decimal("50.0")

    @factory.post_generation
    def scores(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object
        if create and extracted:
            DimensionScore.objects.bulk_create(
                [DimensionScore(assessment=obj, dimension=d, score=Decimal(s)) for d, s in extracted.items()]
            )


def even_scores(value: str) -> dict[str, str]:
    return dict.fromkeys(DIMENSIONS, value)
