from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CONFEDERATION = "confederation", _("Confederation")
    FEDERATION = "federation", _("Federation")
    COOPERATIVE = "cooperative", _("Cooperative")
    NETWORK = "network", _("Network")
    PARTNER = "partner", _("Partner institution")
