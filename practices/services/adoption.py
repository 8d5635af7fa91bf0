"""Interest, adoption and bookmarks: how a practice travels from one cooperative to another.

``site_url`` (scheme and host) comes from the caller's request, for the links in the e-mails.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Membership, Organisation, User
from members.selectors.staff import join_request_staff_recipients
from portal.deferred_tasks import enqueue_on_commit
from portal.mass_mail import send_each_in_their_language
from practices.enums import PracticeStatus
from practices.models import Adoption, AdoptionInterest, Bookmark, Practice


def _require_published(practice: Practice) -> None:
    if practice.status != PracticeStatus.PUBLISHED:
        raise ValidationError(_("This practice is not published."), code="not_published")


def _require_belonging(user: User, organisation: Organisation) -> None:
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("You are not a member of %(organisation)s."),
            code="not_a_member",
            params={"organisation": organisation},
        )


@transaction.atomic
def interest_create(
    *, practice: Practice, user: User, organisation: Organisation | None, message: str, site_url: str
) -> AdoptionInterest:
    """``user`` (for ``organisation``, one they belong to, if given) is interested in adopting ``practice``.

    Raises ``ValidationError`` with code ``not_published``, ``not_a_member``, ``own_practice`` (the
    person, or the organisation they speak for, is the owner's) or ``already_interested`` (one request
    per person and practice: the staff already have their address). Side effects: queues an e-mail to
    the owner organisation's staff after commit.
    """
    _require_published(practice)
    if organisation is not None:
        _require_belonging(user, organisation)
    speaking_for_owner = organisation is not None and organisation.pk == practice.owner_id
    if speaking_for_owner or (
        organisation is None and Membership.objects.filter(user=user, organisation=practice.owner_id).exists()
    ):
        raise ValidationError(_("This is your own organisation's practice."), code="own_practice")
    earlier = AdoptionInterest.objects.filter(practice=practice, user=user).order_by("created_at").first()
    if earlier is not None:
        raise ValidationError(
            _("You told its staff on %(date)s; they will answer you by e-mail."),
            code="already_interested",
            params={"date": date_format(timezone.localtime(earlier.created_at), "DATE_FORMAT")},
        )
    interest = AdoptionInterest.objects.create(
        practice=practice, user=user, organisation=organisation, message=message.strip()
    )
    from practices.tasks import send_interest_email

    enqueue_on_commit(send_interest_email, interest_id=interest.pk, site_url=site_url)
    return interest


@transaction.atomic
def interest_notify_staff(*, interest_id: int, site_url: str) -> int:
    """E-mail the owner's staff (its own, else the nearest parent's) about one interest, at most once.

    Claims the interest with a conditional update of ``notified_at``, so a second run sends nothing;
    returns how many messages went (one per person, so staff do not learn each other's addresses).
    """
    claimed = AdoptionInterest.objects.filter(pk=interest_id, notified_at=None).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return 0
    interest = AdoptionInterest.objects.select_related(
        "practice__owner__parent__parent", "user", "organisation"
    ).get(pk=interest_id)
    recipients = join_request_staff_recipients(interest.practice.owner)
    if not recipients:
        return 0
    context = {
        "interest": interest,
        "practice": interest.practice,
        "person": interest.user,
        "practice_url": site_url.rstrip("/") + interest.practice.get_absolute_url(),
        "dashboard_url": site_url.rstrip("/") + reverse("practices:interest_dashboard"),
    }

    def render() -> tuple[str, str]:
        subject = _("%(person)s is interested in adopting “%(title)s”") % {
            "person": interest.user,
            "title": interest.practice.title,
        }
        return subject, render_to_string("practices/email/interest_new.txt", context)

    # One message each (staff need not learn each other's addresses), each in its reader's language.
    return send_each_in_their_language(recipients, render)


@transaction.atomic
def adoption_create(*, practice: Practice, organisation: Organisation, by: User, story: str) -> Adoption:
    """``organisation`` (one ``by`` belongs to) reports that it adopted ``practice``.

    Raises ``ValidationError`` with code ``not_published``, ``not_a_member``, ``own_practice`` or
    ``duplicate`` (one adoption per practice and organisation, backed by a unique constraint).
    """
    _require_published(practice)
    _require_belonging(by, organisation)
    if organisation.pk == practice.owner_id:
        raise ValidationError(_("This is your own organisation's practice."), code="own_practice")
    duplicate = ValidationError(
        _("%(organisation)s has already reported adopting this practice."),
        code="duplicate",
        params={"organisation": organisation},
    )
    if Adoption.objects.filter(practice=practice, organisation=organisation).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return Adoption.objects.create(
                practice=practice, organisation=organisation, reported_by=by, story=story.strip()
            )
    except IntegrityError:
        raise duplicate from None


@transaction.atomic
def bookmark_toggle(*, user: User, practice: Practice) -> bool:
    """Bookmark ``practice`` for ``user``, or remove the bookmark; returns whether it is now bookmarked."""
    deleted, _rows = Bookmark.objects.filter(user=user, practice=practice).delete()
    if deleted:
        return False
    Bookmark.objects.bulk_create([Bookmark(user=user, practice=practice)], ignore_conflicts=True)
    return True
