import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.enums import CommitmentStatus
from members.models import Organisation
from portal.models import TimeStampedModel
from practices.enums import MaturityDimension
from practices.models import Practice
from sessions_app.enums import DeliveryState
from sessions_app.models import Session

MAX_OPTION_SCORE = 4  # answers score 0..4; a dimension's score is the mean, scaled to 0..100


class Questionnaire(TimeStampedModel):
    """A version of the self-assessment. Assessments keep the version they were taken with."""

    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    is_active = models.BooleanField(_("the one people take now"), default=False)
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_questionnaire"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    dimension = models.CharField(_("dimension"), max_length=30, choices=MaturityDimension.choices)
    text = models.CharField(_("question"), max_length=400)
    help_text = models.CharField(_("explanation"), max_length=400, blank=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "position"], name="question_position_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    label = models.CharField(_("answer"), max_length=300)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(MAX_OPTION_SCORE)])

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["score"]
        constraints = [
            models.UniqueConstraint(fields=["question", "score"], name="option_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__lte=MAX_OPTION_SCORE), name="option_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.label}"


class Assessment(TimeStampedModel):
    """One self-assessment of a cooperative, taken by its staff; scored when completed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("organisation")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("questionnaire")
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    overall = models.DecimalField(_("overall score"), max_digits=5, decimal_places=1, null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-completed_at", "-created_at"]
        indexes = [models.Index(fields=["organisation", "-completed_at"], name="assessment_org_completed")]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.completed_at or _('in progress')}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment_result", args=[self.pk])


class Answer(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+", verbose_name=_("option"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id}"


class DimensionScore(models.Model):
    """A completed assessment's score (0-100) on one dimension: rows, so dashboards aggregate in SQL."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    dimension = models.CharField(_("dimension"), max_length=30, choices=MaturityDimension.choices)
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="dimension_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="dimension_score_range"
            ),
        ]
        indexes = [models.Index(fields=["dimension", "assessment"], name="dimension_score_idx")]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.score}"


class Commitment(TimeStampedModel):
    """After a session, an organisation records what it will try from a presented practice."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("organisation")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("session")
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("practice")
    )
    description = models.TextField(_("what we will try"), max_length=3000)
    target_date = models.DateField(_("target date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED
    )
    outcome = models.TextField(_("how it went"), blank=True, max_length=3000)

    class Meta:
        verbose_name = _("follow-up commitment")
        verbose_name_plural = _("follow-up commitments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.practice}"


def new_checkin_token() -> str:
    return secrets.token_urlsafe(24)


class CheckIn(models.Model):
    """A check-in e-mail about a commitment N months on: sent once (claimed like reminders), answered once."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("commitment")
    )
    months = models.PositiveSmallIntegerField(_("months after"))
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING, verbose_name=_("state")
    )
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    token = models.CharField(max_length=64, unique=True, default=new_checkin_token, verbose_name=_("token"))
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("answered at"))

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "months"], name="checkin_once_per_milestone")
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="checkin_due")]

    def __str__(self) -> str:
        return f"{self.commitment} +{self.months} months ({self.state})"
