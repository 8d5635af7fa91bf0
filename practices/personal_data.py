"""What practices holds about a person: exported with "export my data", forgotten on deletion.

Registered with members' EXPORTERS and DELETERS in ``PracticesConfig.ready``.
"""

from typing import Any

from django.db import transaction

from practices.models import Adoption, AdoptionInterest, Bookmark, Practice


def practices_export(user) -> dict[str, Any]:
    return {
        "practice_interests": [
            {"practice": i.practice.title, "message": i.message, "sent_at": i.created_at}
            for i in AdoptionInterest.objects.filter(user=user).select_related("practice")
        ],
        "adoptions_reported": [
            {"practice": a.practice.title, "organisation": a.organisation.name, "story": a.story}
            for a in Adoption.objects.filter(reported_by=user).select_related("practice", "organisation")
        ],
        "bookmarks": list(Bookmark.objects.filter(user=user).values_list("practice__title", flat=True)),
        "contact_person_for": list(
            Practice.objects.filter(contact_person=user).values_list("title", flat=True)
        ),
    }


@transaction.atomic
def practices_forget(user) -> None:
    """Interest messages and bookmarks go; adoption stories stay (they are the organisation's), unsigned."""
    AdoptionInterest.objects.filter(user=user).delete()
    Bookmark.objects.filter(user=user).delete()
    Adoption.objects.filter(reported_by=user).update(reported_by=None)
    Practice.objects.filter(contact_person=user).update(contact_person=None)
    Practice.objects.filter(submitted_by=user).update(submitted_by=None)
