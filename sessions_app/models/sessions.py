import uuid
from datetime import timedelta

from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.content_language import ShownText, shown_text
from portal.middleware import available_timezones
from portal.models import TimeStampedModel
from practices.models import Practice
from sessions_app.enums import SessionStatus, SpeakerRole
from sessions_app.models.programmes import Programme


def meeting_languages() -> list[tuple[str, str]]:
    """Languages a meeting may be held in: every one Django names, and the portal's own (Maltese is
    not among Django's). A callable, so that migrations do not copy the list."""
    codes = {code for code, _name in global_settings.LANGUAGES}
    return [*global_settings.LANGUAGES, *((c, n) for c, n in settings.LANGUAGES if c not in codes)]


def validate_time_zone(value: str) -> None:
    """The staff form offers zones from a list; the admin takes text, and an unknown zone would quietly
    show every time in UTC."""
    if value not in available_timezones():
        raise ValidationError(_("%(value)s is not a time zone."), code="time_zone", params={"value": value})


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
        _("organiser's time zone"), max_length=64, default="Europe/Brussels", validators=[validate_time_zone]
    )
    # The meeting's language (not the text's): any of meeting_languages(), as the staff form offers.
    language = models.CharField(_("language"), max_length=10, default="en", choices=meeting_languages)
    original_language = models.CharField(
        _("language of the text"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the title and agenda are written in."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, validators=[MinValueValidator(1)], help_text=_("Empty: no limit.")
    )
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

    def clean(self) -> None:
        """As the staff form checks (the admin edits the model directly)."""
        closes = self.registration_closes_at
        if closes and self.registration_opens_at and closes <= self.registration_opens_at:
            raise ValidationError({"registration_closes_at": _("Registration must close after it opens.")})
        if closes and self.starts_at and closes > self.ends_at:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close before the session ends.")}
            )

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def shown(self) -> ShownText:
        """Title and agenda in the reader's language when translated (the selectors annotate
        ``translated_*``), else the original."""
        return shown_text(
            original={name: getattr(self, name) for name in SESSION_TEXT},
            original_language=self.original_language,
            translated={name: getattr(self, f"translated_{name}", None) for name in SESSION_TEXT},
        )


SESSION_TEXT = ("title", "agenda")


class SessionTranslation(models.Model):
    """The session's title and agenda in another language than the original."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="translations", verbose_name=_("session")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=250)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["session", "language"], name="session_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


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

    @property
    def shown(self) -> ShownText:
        """Body and takeaways in the reader's language when translated (the selectors annotate
        ``translated_*``), else the original, which is in the language of its session's text."""
        return shown_text(
            original={name: getattr(self, name) for name in SUMMARY_TEXT},
            original_language=self.session.original_language,
            translated={name: getattr(self, f"translated_{name}", None) for name in SUMMARY_TEXT},
            required="body",
        )


SUMMARY_TEXT = ("body", "takeaways")


class SummaryTranslation(models.Model):
    """A session summary's body and takeaways in another language than its session's text."""

    summary = models.ForeignKey(
        Summary, on_delete=models.CASCADE, related_name="translations", verbose_name=_("session summary")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    body = models.TextField(_("summary"), help_text=_("Markdown."))
    takeaways = models.TextField(_("key takeaways"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("summary translation")
        verbose_name_plural = _("summary translations")
        constraints = [
            models.UniqueConstraint(fields=["summary", "language"], name="summary_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.summary} ({self.language})"
