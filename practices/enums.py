from django.db import models
from django.utils.translation import gettext_lazy as _


class MaturityDimension(models.TextChoices):
    """The six dimensions of the EU Digital Maturity Assessment (European Digital Innovation Hubs)."""

    BUSINESS_STRATEGY = "business_strategy", _("Digital business strategy")
    READINESS = "readiness", _("Digital readiness")
    HUMAN_CENTRIC = "human_centric", _("Human-centric digitalisation")
    DATA_GOVERNANCE = "data_governance", _("Data management and governance")
    AUTOMATION_AI = "automation_ai", _("Automation and artificial intelligence")
    GREEN = "green", _("Green digitalisation")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class CostBand(models.TextChoices):
    LOW = "low", _("Low cost (under €10,000)")
    MEDIUM = "medium", _("Medium cost (€10,000–50,000)")
    HIGH = "high", _("High cost (over €50,000)")


class SetupTime(models.TextChoices):
    UNDER_3_MONTHS = "under_3_months", _("Under 3 months")
    THREE_TO_12_MONTHS = "3_to_12_months", _("3 to 12 months")
    OVER_12_MONTHS = "over_12_months", _("Over 12 months")


class Audience(models.TextChoices):
    FEDERATIONS = "federations", _("Federations")
    COOPERATIVES = "cooperatives", _("Cooperatives")
    WORKERS = "workers", _("Workers")
