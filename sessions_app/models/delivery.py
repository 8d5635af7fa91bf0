from django.db import models
from django.utils.translation import gettext_lazy as _

from sessions_app.enums import DeliveryState
from sessions_app.models.registrations import Registration


class Reminder(models.Model):
    """One reminder e-mail for one registration at one offset, sent exactly once.

    A beat task sweeps due rows every minute and claims each with a conditional update
    (pending -> sending); a row left in "sending" by a dead worker is retried after a timeout.
    """

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("registration")
    )
    offset_minutes = models.PositiveIntegerField(_("minutes before"))
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING, verbose_name=_("state")
    )
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "offset_minutes"], name="reminder_once_per_offset"
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="reminder_due")]

    def __str__(self) -> str:
        return f"{self.registration} −{self.offset_minutes} min ({self.state})"


class SummaryDelivery(models.Model):
    """The summary e-mail of one session to one registrant, sent exactly once (same claim as reminders)."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="summary_delivery",
        verbose_name=_("registration"),
    )
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING, verbose_name=_("state")
    )
    priority = models.PositiveSmallIntegerField(
        default=1, help_text=_("0: attended, sent first."), verbose_name=_("priority")
    )
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))

    class Meta:
        verbose_name = _("summary e-mail")
        verbose_name_plural = _("summary e-mails")
        indexes = [models.Index(fields=["state", "priority"], name="summary_delivery_queue")]

    def __str__(self) -> str:
        return f"{self.registration} ({self.state})"


class RegistrationEmail(models.Model):
    """One registration e-mail (registered, waiting list, "you have a seat"), sent exactly once.

    Written in the registration's own transaction and already claimed by it (``sending``, attempt 1),
    so the request can hand it to a worker after commit. When the broker cannot take it, the row goes
    back to ``pending`` and the beat sweep sends it; a claim lost with the broker or with a dead worker
    is claimed again after the claim timeout, exactly as for reminders.
    """

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="emails", verbose_name=_("registration")
    )
    # a key of sessions_app.services.registrations.EMAILS
    kind = models.CharField(max_length=12, verbose_name=_("kind"))
    # scheme and host for the links in the e-mail
    site_url = models.CharField(max_length=200, verbose_name=_("site address"))
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING, verbose_name=_("state")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))

    class Meta:
        verbose_name = _("registration e-mail")
        verbose_name_plural = _("registration e-mails")
        indexes = [models.Index(fields=["state", "claimed_at"], name="registration_email_queue")]

    def __str__(self) -> str:
        return f"{self.registration} {self.kind} ({self.state})"
