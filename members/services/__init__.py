"""Every write to members' data. Organisations and users here; invitations, join requests and
accounts in their own modules."""

from members.services.organisations import membership_ensure, organisation_ensure, user_ensure

__all__ = ["membership_ensure", "organisation_ensure", "user_ensure"]
