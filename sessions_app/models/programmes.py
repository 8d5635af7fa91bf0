from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from portal.content_language import ShownText, shown_text
from portal.models import TimeStampedModel
from sessions_app.enums import ProgrammeStatus, Visibility


def default_reminder_offsets() -> list[int]:
    return [24 * 60, 60]  # 24 hours and 1 hour before


MAX_REMINDER_OFFSET = 720 * 60  # 30 days, as the staff form's 720 hours


def validate_reminder_offsets(value) -> None:
    """A list of whole minutes before the session (what the admin's raw JSON must hold)."""
    valid = isinstance(value, list) and all(
        type(minutes) is int and 0 < minutes <= MAX_REMINDER_OFFSET for minutes in value
    )
    if not valid:
        raise ValidationError(
            _("A list of whole numbers of minutes before the session, between 1 and 43200, e.g. [1440, 60]."),
            code="reminder_offsets",  # not "invalid": a form would show its own "Enter a valid JSON."
        )


class Programme(TimeStampedModel):
    """A mutual learning programme: a series of online sessions on one theme."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    aims = models.TextField(_("aims"), blank=True, help_text=_("Markdown."))
    original_language = models.CharField(
        _("language of the text"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the title, theme, description and aims are written in."),
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_programmes",
    )
    co_hosts = models.ManyToManyField(
        Organisation, verbose_name=_("co-hosts"), blank=True, related_name="co_hosted_programmes"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    reminder_offsets = models.JSONField(
        _("reminders (minutes before each session)"),
        default=default_reminder_offsets,
        blank=True,
        validators=[validate_reminder_offsets],
    )
    funding_acknowledgement = models.TextField(_("funding acknowledgement"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:programme_detail", args=[self.slug])

    @property
    def shown(self) -> ShownText:
        """Title, theme, description and aims in the reader's language when translated (the selectors
        annotate ``translated_*``), else the original."""
        return shown_text(
            original={name: getattr(self, name) for name in PROGRAMME_TEXT},
            original_language=self.original_language,
            translated={name: getattr(self, f"translated_{name}", None) for name in PROGRAMME_TEXT},
        )


PROGRAMME_TEXT = ("title", "theme", "description", "aims")


class ProgrammeTranslation(models.Model):
    """The programme's title, theme, description and aims in another language than the original."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="translations", verbose_name=_("programme")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=250)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    aims = models.TextField(_("aims"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["programme", "language"], name="programme_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Trend(models.Model):
    """A common trend drawn out of a programme's sessions."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="trends", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sessions = models.ManyToManyField(
        "sessions_app.Session", blank=True, related_name="trends", verbose_name=_("sessions")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("common trend")
        verbose_name_plural = _("common trends")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title
