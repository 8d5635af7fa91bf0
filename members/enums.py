from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CONFEDERATION = "confederation", _("Confederation")
    FEDERATION = "federation", _("Federation")
    COOPERATIVE = "cooperative", _("Cooperative")
    NETWORK = "network", _("Network")
    PARTNER = "partner", _("Partner institution")


class MembershipRole(models.TextChoices):
    STAFF = "staff", _("Staff")
    MEMBER = "member", _("Member")


class DigestFrequency(models.TextChoices):
    OFF = "off", _("Off")
    WEEKLY = "weekly", _("Weekly")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Sent, not yet used")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
