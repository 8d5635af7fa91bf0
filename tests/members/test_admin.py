import importlib
import secrets
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation, JoinRequest, Organisation, User
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory

MODELS = ["user", "organisation", "membership", "invitation", "joinrequest"]


def invite(organisation: Organisation, email: str, **fields) -> Invitation:
    fields.setdefault("expires_at", timezone.now() + timedelta(days=7))
    return Invitation.objects.create(
        organisation=organisation, email=email, token=secrets.token_urlsafe(16), **fields
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def some_of_everything():
    organisation = OrganisationFactory(parent=OrganisationFactory(kind="federation"))
    MembershipFactory.create_batch(2, organisation=organisation)
    invite(organisation, "someone@example.coop")
    JoinRequest.objects.create(user=UserFactory(), organisation=organisation)
    return organisation


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_shows_for_a_superuser(admin_client, some_of_everything, model):
    response = admin_client.get(reverse(f"admin:members_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "status"),
    [("user", 200), ("organisation", 200), ("membership", 200), ("invitation", 403), ("joinrequest", 403)],
    ids=[
        "user",
        "organisation",
        "membership",
        "invitation-made-by-staff-pages",
        "joinrequest-made-by-people",
    ],
)
def test_admin_add_page_for_a_superuser(admin_client, model, status):
    response = admin_client.get(reverse(f"admin:members_{model}_add"))

    assert response.status_code == status


@pytest.mark.django_db
def test_admin_organisation_page_lists_its_memberships_inline(admin_client):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=UserFactory(full_name="Ana Cooper"))

    response = admin_client.get(reverse("admin:members_organisation_change", args=[organisation.pk]))

    assert response.status_code == 200
    assert "Ana Cooper" in response.text


@pytest.mark.django_db
def test_admin_user_page_lists_their_memberships_inline(admin_client):
    user = UserFactory()
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Coop Alpha"))

    response = admin_client.get(reverse("admin:members_user_change", args=[user.pk]))

    assert response.status_code == 200
    assert "Coop Alpha" in response.text


@pytest.mark.django_db
def test_admin_organisation_list_counts_member_organisations(admin_client):
    federation = OrganisationFactory(kind="federation", name="Federation Alpha")
    OrganisationFactory.create_batch(3, parent=federation)

    response = admin_client.get(reverse("admin:members_organisation_changelist"), {"q": "Federation Alpha"})

    assert '<td class="field-children_count">3</td>' in response.text


@pytest.mark.django_db
def test_admin_deactivate_action_deactivates_only_the_selected(admin_client):
    chosen, other = OrganisationFactory.create_batch(2)

    response = admin_client.post(
        reverse("admin:members_organisation_changelist"),
        {"action": "deactivate_selected", "_selected_action": [chosen.pk]},
        follow=True,
    )

    assert "1 organisation deactivated." in response.text
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.is_active, other.is_active) == (False, True)


@pytest.mark.django_db
def test_admin_activate_action_activates_the_selected(admin_client):
    organisation = OrganisationFactory(is_active=False)

    admin_client.post(
        reverse("admin:members_organisation_changelist"),
        {"action": "activate_selected", "_selected_action": [organisation.pk]},
    )

    organisation.refresh_from_db()
    assert organisation.is_active


@pytest.mark.django_db
def test_admin_anonymise_action_deletes_personal_data_but_not_the_admins_own(admin_client):
    ana = UserFactory(email="ana@example.coop")
    MembershipFactory(user=ana)
    admin = User.objects.get(is_superuser=True)

    response = admin_client.post(
        reverse("admin:members_user_changelist"),
        {"action": "anonymise_selected", "_selected_action": [ana.pk, admin.pk]},
        follow=True,
    )

    assert "Personal data of 1 person deleted." in response.text
    ana.refresh_from_db()
    admin.refresh_from_db()
    assert (ana.email, ana.is_active, ana.memberships.count()) == (f"deleted-{ana.pk}@invalid", False, 0)
    assert admin.is_active


def _invitation_service():
    try:
        module = importlib.import_module("members.services.invitations")
    except ImportError:
        module = None
    if not hasattr(module, "invitation_resend"):
        pytest.skip("members.services.invitations.invitation_resend is not written yet")
    return module


@pytest.mark.django_db
def test_admin_resend_action_sends_open_invitations_and_skips_used_ones(
    admin_client, django_capture_on_commit_callbacks
):
    _invitation_service()
    organisation = OrganisationFactory()
    open_one = invite(organisation, "ana@example.coop")
    used = invite(organisation, "bruno@example.coop", accepted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:members_invitation_changelist"),
            {"action": "resend_selected", "_selected_action": [open_one.pk, used.pk]},
            follow=True,
        )

    assert "Invitations sent again: 1." in response.text
    assert "1 invitation skipped: it has already been used or withdrawn." in response.text
    assert [message.to for message in mail.outbox] == [["ana@example.coop"]]
    open_one.refresh_from_db()
    used.refresh_from_db()
    assert (open_one.sent_count, used.sent_count) == (1, 0)


@pytest.mark.django_db
def test_admin_revoke_action_revokes_the_selected(admin_client):
    _invitation_service()
    invitation = invite(OrganisationFactory(), "ana@example.coop")

    admin_client.post(
        reverse("admin:members_invitation_changelist"),
        {"action": "revoke_selected", "_selected_action": [invitation.pk]},
    )

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "accepted", "revoked", "expired"])
def test_admin_invitation_status_filter_shows_only_that_status(admin_client, status):
    organisation = OrganisationFactory()
    now = timezone.now()
    invite(organisation, "pending@example.coop")
    invite(organisation, "accepted@example.coop", accepted_at=now)
    invite(organisation, "revoked@example.coop", revoked_at=now)
    invite(organisation, "expired@example.coop", expires_at=now - timedelta(days=1))

    response = admin_client.get(reverse("admin:members_invitation_changelist"), {"status": status})

    statuses = ["pending", "accepted", "revoked", "expired"]
    shown = [row for row in statuses if f"{row}@example.coop" in response.text]
    assert shown == [status]
