from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    # A context of its own: languages with gender agree it with "session", not with "programme".
    COMPLETED = "completed", pgettext_lazy("session status", "Completed")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SpeakerRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    SPEAKER = "speaker", _("Speaker")


class DeliveryState(models.TextChoices):
    """Anything that must happen once (a reminder, a summary e-mail) is a row in one of these states."""

    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


EU_FUNDING_DISCLAIMER = (
    "This activity has been funded by the European Union. Views and opinions expressed are however those "
    "of the author only and do not necessarily reflect those of the European Union or the European "
    "Commission. Neither the European Union nor the granting authority can be held responsible for them."
)
