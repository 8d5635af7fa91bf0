from django.db import models
from django.utils.translation import gettext_lazy as _

from sessions_app.enums import DeliveryState
from sessions_app.models.registrations import Registration


class Reminder(models.Model):
    """One reminder e-mail for one registration at one offset, sent exactly once.

    A beat task sweeps due rows every minute and claims each with a conditional update
    (pending -> sending); a row left in "sending" by a dead worker is retried after a timeout.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders")
    offset_minutes = models.PositiveIntegerField(_("minutes before"))
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

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
        Registration, on_delete=models.CASCADE, related_name="summary_delivery"
    )
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    priority = models.PositiveSmallIntegerField(default=1, help_text=_("0: attended, sent first."))
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("summary e-mail")
        verbose_name_plural = _("summary e-mails")
        indexes = [models.Index(fields=["state", "priority"], name="summary_delivery_queue")]

    def __str__(self) -> str:
        return f"{self.registration} ({self.state})"
