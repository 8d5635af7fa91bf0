import pytest
from django.urls import reverse

from sessions_app.services.registrations import registration_create
from tests.factories.members import UserFactory
from tests.factories.sessions import SessionFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("model", ["programme", "session", "registration", "summary", "feedback"])
def test_admin_lists_open(admin_client, model):
    SessionFactory()

    assert admin_client.get(reverse(f"admin:sessions_app_{model}_changelist")).status_code == 200


def test_registrations_cannot_be_added_or_deleted_in_the_admin(admin_client):
    registration = registration_create(session=SessionFactory(), user=UserFactory())

    assert admin_client.get(reverse("admin:sessions_app_registration_add")).status_code == 403
    assert (
        admin_client.get(
            reverse("admin:sessions_app_registration_delete", args=[registration.pk])
        ).status_code
        == 403
    )
    assert admin_client.get(reverse("admin:sessions_app_summary_add")).status_code == 403
