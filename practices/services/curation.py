"""Curation: organisation staff write and submit practices; curators review, publish or archive them.

Every status change goes through ``practice_transition``, which checks the move against ``TRANSITIONS``,
records a ``PracticeTransition`` and queues the submitter's e-mail after commit. ``site_url`` (scheme and
host) comes from the caller's request, for the links in the e-mails.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.enums import OrganisationKind
from members.models import Organisation, User
from portal.deferred_tasks import enqueue_on_commit
from practices.cache import catalogue_changed
from practices.enums import PracticeStatus
from practices.models import Practice, PracticeAudience, PracticeDimension, PracticeTransition, Theme
from practices.permissions import can_manage_organisation, can_submit_practice_for, is_curator
from practices.services.search_index import practices_reindex

S = PracticeStatus
OWNER, CURATOR = "owner", "curator"
# (from, to) -> who may make the move: the owner's staff, or a curator. Anything else is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): OWNER,
    (S.CHANGES_REQUESTED, S.SUBMITTED): OWNER,
    (S.SUBMITTED, S.IN_REVIEW): CURATOR,
    (S.SUBMITTED, S.CHANGES_REQUESTED): CURATOR,
    (S.IN_REVIEW, S.CHANGES_REQUESTED): CURATOR,
    (S.IN_REVIEW, S.PUBLISHED): CURATOR,
    **{(status, S.ARCHIVED): CURATOR for status in S if status != S.ARCHIVED},
}
COMMENT_REQUIRED = {S.CHANGES_REQUESTED}
# The owner's staff edit a practice while it is theirs to work on; curators may always fix it.
OWNER_EDITABLE = {S.DRAFT, S.CHANGES_REQUESTED}
SLUG_MAX_LENGTH = 100


def _plays(user, role: str, practice: Practice) -> bool:
    if role == CURATOR:
        return is_curator(user)
    return can_submit_practice_for(user, practice.owner)


def transition_allowed(user, practice: Practice, to_status: str) -> bool:
    role = TRANSITIONS.get((practice.status, to_status))
    return role is not None and _plays(user, role, practice)


def transitions_available(user, practice: Practice) -> list[str]:
    """The statuses ``user`` may move ``practice`` to now, in the table's order."""
    return [
        to
        for (frm, to), role in TRANSITIONS.items()
        if frm == practice.status and _plays(user, role, practice)
    ]


def practice_editable_by(user, practice: Practice) -> bool:
    if is_curator(user):
        return True
    return practice.status in OWNER_EDITABLE and can_manage_organisation(user, practice.owner)


def _refuse_move(practice: Practice, to_status: str) -> ValidationError:
    return ValidationError(
        _("This practice is now “%(status)s”: it cannot be moved to “%(to)s”."),
        code="invalid_transition",
        params={"status": practice.get_status_display(), "to": S(to_status).label},
    )


@transaction.atomic
def practice_transition(
    *, practice: Practice, to_status: str, by: User, comment: str = "", site_url: str
) -> PracticeTransition:
    """Move ``practice`` to ``to_status`` and record who did it, when and why.

    Raises ``PermissionDenied`` when ``by`` may make no move to ``to_status`` for this practice, and
    ``ValidationError`` (code ``invalid_transition`` or ``comment_required``) when the move does not
    fit the current status (a second click, a stale page) or needs a comment. Side effects: locks the
    practice row; a submission records the submitter; publishing sets ``published_at``; queues the
    submitter's e-mail after commit.
    """
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    roles = {role for (_frm, to), role in TRANSITIONS.items() if to == to_status}
    if not any(_plays(by, role, practice) for role in roles):
        raise PermissionDenied
    if not transition_allowed(by, practice, to_status):
        raise _refuse_move(practice, to_status)
    comment = comment.strip()
    if to_status in COMMENT_REQUIRED and not comment:
        raise ValidationError(
            _("Please say what should change: the submitter reads this comment."), code="comment_required"
        )
    transition = PracticeTransition.objects.create(
        practice=practice, from_status=practice.status, to_status=to_status, by=by, comment=comment
    )
    practice.status = to_status
    fields = ["status", "updated_at"]
    if to_status == S.SUBMITTED:
        practice.submitted_by = by
        fields.append("submitted_by")
    if to_status == S.PUBLISHED:
        practice.published_at = transition.created_at
        fields.append("published_at")
    practice.save(update_fields=fields)
    catalogue_changed()  # published or withdrawn: the catalogue's cached answers change
    from practices.tasks import send_transition_email

    enqueue_on_commit(send_transition_email, transition_id=transition.pk, site_url=site_url)
    return transition


@transaction.atomic
def practice_transition_notify(*, transition_id: int, site_url: str) -> bool:
    """E-mail the submitter about one curation step, at most once; returns whether a message went.

    Claims the step with a conditional update of ``notified_at``: a second run of the task finds it
    claimed and sends nothing. If the mail server fails, the claim rolls back with the transaction.
    """
    claimed = PracticeTransition.objects.filter(pk=transition_id, notified_at=None).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    transition = PracticeTransition.objects.select_related("practice__submitted_by", "by").get(
        pk=transition_id
    )
    practice = transition.practice
    submitter = practice.submitted_by
    if submitter is None or not submitter.is_active:
        return False
    context = {
        "transition": transition,
        "practice": practice,
        "submitter": submitter,
        "practice_url": site_url.rstrip("/") + practice.get_absolute_url(),
        "edit_url": site_url.rstrip("/") + reverse("practices:practice_edit", args=[practice.slug]),
    }
    with translation.override(submitter.preferred_language):
        context["status"] = str(S(transition.to_status).label)
        subject = _("“%(title)s” is now: %(status)s") % {"title": practice.title, "status": context["status"]}
        body = render_to_string("practices/email/transition.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [submitter.email])
    return True


# --- Writing a practice ----------------------------------------------------------------------------


def practice_federation_of(organisation: Organisation) -> Organisation | None:
    """The federation a practice of ``organisation`` belongs to: itself, or its nearest federation above."""
    node = organisation
    while node is not None:
        if node.kind == OrganisationKind.FEDERATION:
            return node
        node = node.parent
    return None


def _slug_candidates(title: str) -> Iterable[str]:
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "practice"
    yield base
    for number in range(2, 1000):
        suffix = f"-{number}"
        yield base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix


def _save_with_unique_slug(practice: Practice) -> None:
    taken = set(
        Practice.objects.filter(slug__startswith=slugify(practice.title)[:20] or "practice").values_list(
            "slug", flat=True
        )
    )
    for slug in _slug_candidates(practice.title):
        if slug in taken:
            continue
        practice.slug = slug
        try:
            with transaction.atomic():  # a concurrent insert of the same slug: try the next one
                practice.save()
        except IntegrityError:
            taken.add(slug)
            continue
        return
    raise ValidationError(_("Too many practices share this title."), code="slug_exhausted")


def _set_classification(
    practice: Practice, *, themes: Iterable[Theme], dimensions: Iterable[str], audiences: Iterable[str]
) -> None:
    practice.themes.set(themes)
    for model, field, values in (
        (PracticeDimension, "dimension", set(dimensions)),
        (PracticeAudience, "audience", set(audiences)),
    ):
        model.objects.filter(practice=practice).exclude(**{f"{field}__in": values}).delete()
        model.objects.bulk_create(
            [model(practice=practice, **{field: value}) for value in sorted(values)], ignore_conflicts=True
        )


def _apply(practice: Practice, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        setattr(practice, name, value)
    if practice.federation_id is None:
        practice.federation = practice_federation_of(practice.owner)


@transaction.atomic
def practice_create(
    *,
    by: User,
    fields: Mapping[str, Any],
    themes: Iterable[Theme] = (),
    dimensions: Iterable[str] = (),
    audiences: Iterable[str] = (),
) -> Practice:
    """Create a draft practice from ``fields`` (model field name -> value, ``owner`` required).

    The slug comes from the title, made unique with a number. The federation defaults to the owner's
    own or nearest federation. Side effects: sets themes, dimensions and audiences; refreshes the
    search vector. Raises ``PermissionDenied`` when ``by`` may not submit practices for the owner.
    """
    practice = Practice(status=S.DRAFT)
    _apply(practice, fields)
    if not can_submit_practice_for(by, practice.owner):
        raise PermissionDenied
    _save_with_unique_slug(practice)
    _set_classification(practice, themes=themes, dimensions=dimensions, audiences=audiences)
    practices_reindex(practice_ids=[practice.pk])
    return practice


@transaction.atomic
def practice_update(
    *,
    practice: Practice,
    by: User,
    fields: Mapping[str, Any],
    themes: Iterable[Theme] = (),
    dimensions: Iterable[str] = (),
    audiences: Iterable[str] = (),
) -> Practice:
    """Save an edit of ``practice``; its slug (and so its address) stays as it was.

    Raises ``PermissionDenied`` unless ``by`` may edit it in its current status (curators always; the
    owner's staff while it is a draft or sent back) and manages the new owner, if it changes. Side
    effects: locks the practice row; sets themes, dimensions and audiences; refreshes the search vector.
    """
    locked = (
        Practice.objects.select_for_update(of=("self",))
        .select_related("owner__parent__parent")
        .get(pk=practice.pk)
    )
    if not practice_editable_by(by, locked):
        raise PermissionDenied
    owner_id = locked.owner_id
    _apply(locked, fields)
    if locked.owner_id != owner_id and not (is_curator(by) or can_submit_practice_for(by, locked.owner)):
        raise PermissionDenied
    locked.save()
    _set_classification(locked, themes=themes, dimensions=dimensions, audiences=audiences)
    practices_reindex(practice_ids=[locked.pk])
    return locked
