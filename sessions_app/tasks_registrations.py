"""Registration e-mails. Imported by ``sessions_app.tasks`` so the worker registers them."""

from celery import shared_task

from sessions_app.models import Registration
from sessions_app.services import registrations


@shared_task(name="sessions_app.send_registration_email")
def send_registration_email(*, registration_id: int, kind: str, site_url: str) -> None:
    """Confirmation (with the .ics), waiting-list or "you have a seat" e-mail of one registration.

    Not ``acks_late``: a message is delivered at most once, and the service sends nothing when the
    place has changed since it was queued.
    """
    registration = (
        Registration.objects.select_related("user", "session__programme").filter(pk=registration_id).first()
    )
    if registration is None or kind not in registrations.EMAILS:
        return
    registrations.registration_email_send(registration=registration, kind=kind, site_url=site_url)
