from celery import shared_task

from practices.services import adoption, curation


@shared_task(name="practices.send_transition_email")
def send_transition_email(*, transition_id: int, site_url: str) -> None:
    """The submitter's e-mail about one curation step; the service sends it at most once."""
    curation.practice_transition_notify(transition_id=transition_id, site_url=site_url)


@shared_task(name="practices.send_interest_email")
def send_interest_email(*, interest_id: int, site_url: str) -> None:
    """The owner staff's e-mail about one interest in adopting; the service sends it at most once."""
    adoption.interest_notify_staff(interest_id=interest_id, site_url=site_url)
