"""Who may see and run programmes and sessions. Built on members.permissions."""

from members.permissions import can_manage_any, is_member, is_platform_admin, staff_organisation_ids
from sessions_app.enums import ProgrammeStatus, RegistrationStatus, Visibility

VISIBLE_STATUSES = {ProgrammeStatus.PUBLISHED, ProgrammeStatus.COMPLETED, ProgrammeStatus.ARCHIVED}


def can_create_programme(user) -> bool:
    """Staff of any organisation (they organise for the ones they manage) and platform admins."""
    return is_platform_admin(user) or bool(staff_organisation_ids(user))


def can_manage_some_programme(user) -> bool:
    """Whether ``can_manage_programme`` can be true at all: only for platform admins and staff of some
    organisation, who may create one. When it is false, nobody needs to load a programme's hosts to ask."""
    return can_create_programme(user)


def can_manage_programme(user, programme) -> bool:
    """Staff of the organiser or of any co-host (or above them), and platform admins.

    Expects ``programme.organiser`` and ``programme.co_hosts`` to be loaded by the selector
    (``select_related("organiser__parent__parent")``, ``prefetch_related("co_hosts__parent__parent")``)
    when ``can_manage_some_programme`` is true; otherwise they are not walked.
    """
    if not can_manage_some_programme(user):
        return False
    return can_manage_any(user, [programme.organiser, *programme.co_hosts.all()])


def is_open_to_everyone(programme) -> bool:
    """Visible to anyone at all, signed in or not (``can_view_programme`` asks nothing about the person)."""
    return programme.status in VISIBLE_STATUSES and programme.visibility == Visibility.PUBLIC


def can_view_programme(user, programme) -> bool:
    """Drafts only for their managers; members-only programmes for members; the rest for everyone."""
    if programme.status not in VISIBLE_STATUSES:
        return can_manage_programme(user, programme)
    if programme.visibility == Visibility.MEMBERS:
        return is_member(user) or can_manage_programme(user, programme)
    return True


def can_register(user, programme) -> bool:
    return bool(user and user.is_authenticated) and can_view_programme(user, programme)


def can_see_meeting_url(user, session, registration) -> bool:
    """The online meeting link: confirmed registrants and the programme's staff only."""
    if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
        return True
    return can_manage_programme(user, session.programme)


def can_offer_follow_up(user, session) -> bool:
    """After a session, staff of any organisation may record what their organisation will try."""
    from django.utils import timezone

    return session.starts_at <= timezone.now() and can_create_programme(user)
