import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel
from practices.models import Practice
from sessions_app.enums import SessionStatus, SpeakerRole
from sessions_app.models.programmes import Programme


class Session(TimeStampedModel):
    """One online meeting of a programme. Times are stored in UTC; the organiser's zone is kept."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("number in the series"))
    title = models.CharField(_("title"), max_length=250)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown."))
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=120, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    organiser_time_zone = models.CharField(
        _("organiser's time zone"), max_length=64, default="Europe/Brussels"
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Empty: no limit."))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when the session starts.")
    )
    meeting_url = models.URLField(_("online meeting link"), blank=True)
    recording_url = models.URLField(_("recording link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    practices = models.ManyToManyField(
        Practice, verbose_name=_("practices presented"), blank=True, related_name="sessions"
    )
    # RFC 5545: a stable UID and a SEQUENCE increased on every change that calendar apps must see.
    ical_uid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("calendar UID")
    )
    ical_sequence = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("calendar sequence")
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="session_number_unique"),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="session_duration_positive"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="session_registration_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="session_status_start")]

    def __str__(self) -> str:
        return f"{self.programme} · {self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:session_detail", args=[self.programme.slug, self.number])

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class SessionSpeaker(models.Model):
    """A facilitator or speaker: a person with an account, or just a name."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )

    class Meta:
        verbose_name = _("facilitator or speaker")
        verbose_name_plural = _("facilitators and speakers")
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="speaker_has_a_name")
        ]

    def __str__(self) -> str:
        return self.name or str(self.user)


class Summary(TimeStampedModel):
    """What a session brought: written by staff after it, e-mailed once to registrants when published."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="summary", verbose_name=_("session")
    )
    body = models.TextField(_("summary"), help_text=_("Markdown."))
    takeaways = models.TextField(_("key takeaways"), blank=True, help_text=_("Markdown."))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("session summary")
        verbose_name_plural = _("session summaries")

    def __str__(self) -> str:
        return f"{_('Summary')}: {self.session}"
