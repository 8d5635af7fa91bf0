from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    ADOPTED = "adopted", _("Adopted")
    DROPPED = "dropped", _("Dropped")
