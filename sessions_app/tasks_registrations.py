"""Registration e-mails. Imported by ``sessions_app.tasks`` so the worker registers them."""

from celery import shared_task

from sessions_app.models import Registration
from sessions_app.services import registrations


@shared_task(name="sessions_app.deliver_registration_email", acks_late=True)
def deliver_registration_email(*, email_id: int, attempt: int) -> bool:
    """Confirmation (with the .ics), waiting-list or "you have a seat" e-mail: one ``RegistrationEmail``
    row. ``acks_late``: idempotent by its claim, so a redelivered or duplicated message sends nothing."""
    return registrations.registration_email_deliver(email_id=email_id, attempt=attempt)


@shared_task(name="sessions_app.send_registration_emails")
def send_registration_emails() -> int:
    """Beat: send the registration e-mails the broker could not take when they were written."""
    return registrations.registration_emails_sweep()


@shared_task(name="sessions_app.send_registration_email")
def send_registration_email(*, registration_id: int, kind: str, site_url: str) -> None:
    """Only for messages queued by the release before ``RegistrationEmail`` rows: sends the e-mail
    unless the place has changed since. Not ``acks_late``: delivered at most once."""
    registration = (
        Registration.objects.select_related("user", "session__programme").filter(pk=registration_id).first()
    )
    if registration is None or kind not in registrations.EMAILS:
        return
    registrations.registration_email_send(registration=registration, kind=kind, site_url=site_url)
