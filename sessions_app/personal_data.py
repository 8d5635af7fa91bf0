"""What sessions_app holds about a person: exported with "export my data", forgotten on deletion.

Registered with members' EXPORTERS and DELETERS in ``SessionsAppConfig.ready``.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from sessions_app.enums import RegistrationStatus
from sessions_app.models import CalendarFeed, Feedback, Registration


def sessions_export(user) -> dict[str, Any]:
    registrations = Registration.objects.filter(user=user).select_related("session__programme")
    return {
        "registrations": [
            {
                "programme": r.session.programme.title,
                "session": r.session.title,
                "starts_at": r.session.starts_at,
                "status": r.status,
                "registered_at": r.created_at,
                "cancelled_at": r.cancelled_at,
                "attended": r.attended,
            }
            for r in registrations.order_by("session__starts_at")
        ],
        "feedback": [
            {"session": f.session.title, "rating": f.rating, "comment": f.comment, "given_at": f.created_at}
            for f in Feedback.objects.filter(user=user).select_related("session")
        ],
        "calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
    }


@transaction.atomic
def sessions_forget(user) -> None:
    """Give up upcoming places (the waiting list moves up), drop feedback comments and the calendar feed.

    Past registrations stay, attached to the anonymised account, so attendance counts survive.
    """
    from sessions_app.services.registrations import registration_cancel

    upcoming = Registration.objects.filter(
        user=user,
        session__starts_at__gt=timezone.now(),
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    ).select_related("session__programme", "user")
    for registration in upcoming:
        registration_cancel(registration=registration, by=user)
    Feedback.objects.filter(user=user).update(comment="", user=None)
    CalendarFeed.objects.filter(user=user).delete()
