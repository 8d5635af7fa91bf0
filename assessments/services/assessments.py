"""Taking a self-assessment: start it, save answers as they come, complete it with its scores; and
copying a questionnaire into a new version so the versions assessments were taken with are kept."""

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Answer, Assessment, DimensionScore, Option, Question, Questionnaire
from assessments.scoring import dimension_scores, overall_score
from members.models import Organisation


def active_questionnaire() -> Questionnaire | None:
    return Questionnaire.objects.filter(is_active=True).first()


@transaction.atomic
def assessment_start(*, organisation: Organisation, user, is_demo: bool = False) -> Assessment:
    """An in-progress assessment of ``organisation`` with the active questionnaire.

    An assessment already in progress for the same questionnaire is returned instead of a second one.
    Side effects: one Assessment row. Raises ValidationError when no questionnaire is active.
    """
    questionnaire = active_questionnaire()
    if questionnaire is None:
        raise ValidationError(_("No questionnaire is open at the moment."))
    existing = Assessment.objects.filter(
        organisation=organisation, questionnaire=questionnaire, completed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return Assessment.objects.create(
        organisation=organisation, questionnaire=questionnaire, taken_by=user, is_demo=is_demo
    )


def _locked_open(assessment: Assessment) -> Assessment:
    """The assessment's row, locked; ValidationError if it was completed meanwhile."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.completed_at is not None:
        raise ValidationError(_("This assessment is completed and can no longer be changed."))
    return locked


@transaction.atomic
def answers_save(*, assessment: Assessment, options: Mapping[int, Option]) -> int:
    """Store the chosen option of each question id in ``options`` (replacing earlier answers).

    Side effects: locks the assessment row; inserts or updates Answer rows. Returns how many were saved.
    Raises ValidationError for a completed assessment or an option of another question.
    """
    _locked_open(assessment)
    if any(option.question_id != question_id for question_id, option in options.items()):
        raise ValidationError(_("An answer does not belong to its question."))
    Answer.objects.bulk_create(
        [
            Answer(assessment=assessment, question_id=question_id, option=option)
            for question_id, option in options.items()
        ],
        update_conflicts=True,
        unique_fields=["assessment", "question"],
        update_fields=["option"],
    )
    return len(options)


@transaction.atomic
def assessment_complete(*, assessment: Assessment, completed_at: datetime | None = None) -> Assessment:
    """Score a fully answered assessment: a DimensionScore row per dimension, the overall score, the date.

    Side effects: locks the assessment row; writes the scores. Raises ValidationError when a question is
    unanswered or the assessment was already completed.
    """
    locked = _locked_open(assessment)
    answered = list(
        Answer.objects.filter(assessment=locked).values_list("question__dimension", "option__score")
    )
    if len(answered) < Question.objects.filter(questionnaire_id=locked.questionnaire_id).count():
        raise ValidationError(_("Answer every question before finishing."))
    DimensionScore.objects.bulk_create(
        [
            DimensionScore(assessment=locked, dimension=dimension, score=score)
            for dimension, score in dimension_scores(answered).items()
        ]
    )
    locked.overall = overall_score(answered)
    locked.completed_at = completed_at or timezone.now()
    locked.save(update_fields=["overall", "completed_at", "updated_at"])
    return locked


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new, inactive version of ``questionnaire`` with copies of its questions and options to edit.

    Side effects: a Questionnaire row (the next version number) and its Question and Option rows. The
    original stays as it is, with the assessments taken with it.
    """
    latest = Questionnaire.objects.aggregate(latest=Max("version"))["latest"] or 0
    copy = Questionnaire.objects.create(
        title=questionnaire.title,
        version=latest + 1,
        is_active=False,
        introduction=questionnaire.introduction,
    )
    for question in questionnaire.questions.prefetch_related("options"):
        new = Question.objects.create(
            questionnaire=copy,
            dimension=question.dimension,
            text=question.text,
            help_text=question.help_text,
            position=question.position,
        )
        Option.objects.bulk_create(
            [
                Option(question=new, label=option.label, score=option.score)
                for option in question.options.all()
            ]
        )
    return copy
