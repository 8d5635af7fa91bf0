from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import Organisation
from portal.content_language import ShownText, shown_text
from portal.images import random_upload_name, validate_image
from portal.models import TimeStampedModel
from practices.enums import Audience, CostBand, MaturityDimension, PracticeStatus, SetupTime


class Theme(models.Model):
    """The curated vocabulary of practice themes (edited by curators in the admin)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Practice(TimeStampedModel):
    """A good practice of a cooperative, network or federation, and what it takes to transfer it."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="practices"
    )
    country = CountryField(_("country"), blank=True, help_text=_("Leave empty to use the owner's country."))
    federation = models.ForeignKey(
        Organisation,
        verbose_name=_("federation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="federation_practices",
    )
    summary = models.CharField(_("one-line summary"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    original_language = models.CharField(
        _("language of the text"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the title, summary and description are written in."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="practices")
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    year_started = models.PositiveSmallIntegerField(
        _("year started"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_for_practices",
    )
    # Transferability: what it takes to do this elsewhere. Empty means "not stated".
    prerequisites = models.TextField(_("what it needs"), blank=True)
    cost_band = models.CharField(_("cost"), max_length=10, choices=CostBand.choices, blank=True)
    setup_time = models.CharField(_("time to set up"), max_length=20, choices=SetupTime.choices, blank=True)
    skills_needed = models.TextField(_("skills needed"), blank=True)
    transferable = models.TextField(_("what carries over to another country"), blank=True)
    local_context = models.TextField(_("what is local to its context"), blank=True)
    # Curation
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Kept up to date by practices.services on every write (PostgreSQL only; NULL on SQLite).
    search_vector = SearchVectorField(null=True, editable=False, verbose_name=_("search index"))

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["title"]
        # Curators (a platform role): the "Curators" group, created by a migration, holds this.
        permissions = [("curate_practice", _("Can review, publish and archive practices"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="practice_status_published"),
            models.Index(fields=["country"], name="practice_country"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:practice_detail", args=[self.slug])

    @property
    def effective_country(self):
        return self.country or self.owner.country

    @property
    def shown(self) -> ShownText:
        """Title, summary and description in the reader's language when translated (the selectors
        annotate ``translated_*``), else the original."""
        return shown_text(
            original={"title": self.title, "summary": self.summary, "description": self.description},
            original_language=self.original_language,
            translated={
                name: getattr(self, f"translated_{name}", None)
                for name in ("title", "summary", "description")
            },
        )


class PracticeTranslation(models.Model):
    """The practice's title, summary and description in another language than the original."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="translations", verbose_name=_("practice")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("one-line summary"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["practice", "language"], name="practice_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class PracticeDimension(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("practice")
    )
    dimension = models.CharField(_("dimension"), max_length=30, choices=MaturityDimension.choices)

    class Meta:
        verbose_name = _("digital-maturity dimension")
        verbose_name_plural = _("digital-maturity dimensions")
        constraints = [
            models.UniqueConstraint(fields=["practice", "dimension"], name="practice_dimension_unique")
        ]
        indexes = [models.Index(fields=["dimension", "practice"], name="practice_dimension_idx")]

    def __str__(self) -> str:
        return self.get_dimension_display()


class PracticeAudience(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="audiences", verbose_name=_("practice")
    )
    audience = models.CharField(_("for"), max_length=20, choices=Audience.choices)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(fields=["practice", "audience"], name="practice_audience_unique")
        ]

    def __str__(self) -> str:
        return self.get_audience_display()


class PracticeLink(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="links", verbose_name=_("practice")
    )
    url = models.URLField(_("address"))
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.label


def practice_image_upload_to(instance, filename: str) -> str:
    return random_upload_name("practices", filename, instance.image)


def validate_practice_image(file) -> None:
    validate_image(file, max_bytes=5 * 1024 * 1024, max_pixels=4000 * 4000)


class PracticeImage(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="images", verbose_name=_("practice")
    )
    image = models.ImageField(
        _("image"), upload_to=practice_image_upload_to, validators=[validate_practice_image]
    )
    alt_text = models.CharField(_("description for screen readers"), max_length=250)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt_text


class PracticeTransition(models.Model):
    """One step of the curation workflow: who moved the practice from which status to which, and why."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("practice")
    )
    from_status = models.CharField(
        max_length=20, choices=PracticeStatus.choices, verbose_name=_("from status")
    )
    to_status = models.CharField(max_length=20, choices=PracticeStatus.choices, verbose_name=_("to status"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    # Set when the submitter's e-mail is claimed for sending: the e-mail goes at most once per step.
    notified_at = models.DateTimeField(_("submitter notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("curation step")
        verbose_name_plural = _("curation steps")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.from_status} → {self.to_status}"


class AdoptionInterest(TimeStampedModel):
    """A member says: we are interested in adopting this practice."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="interests", verbose_name=_("practice")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_interests",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    message = models.TextField(_("message"), max_length=3000)
    # Set when the owner's staff e-mail is claimed for sending: the e-mail goes at most once.
    notified_at = models.DateTimeField(_("staff notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("interest in adopting")
        verbose_name_plural = _("interests in adopting")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.practice}"


class Adoption(TimeStampedModel):
    """A practice transferred: an organisation reports that it adopted it, with a short story."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("practice")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("organisation")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    story = models.TextField(_("how it went"), max_length=5000)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"], name="adoption_unique_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} adopted {self.practice}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("person")
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("practice")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [models.UniqueConstraint(fields=["user", "practice"], name="bookmark_unique")]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.practice}"
