import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel
from sessions_app.enums import RegistrationStatus
from sessions_app.models.sessions import Session


class Registration(TimeStampedModel):
    """A person's place at a session: confirmed, on the waiting list (ordered by creation), or cancelled."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One row per person and session: a double click or a second tab cannot register twice.
            models.UniqueConstraint(fields=["session", "user"], name="registration_unique_per_person"),
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session} ({self.get_status_display()})"


class Feedback(TimeStampedModel):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=3000)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="feedback_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.rating}/5"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret, revocable address of a person's "my sessions" calendar subscription."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, verbose_name=_("token"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"
