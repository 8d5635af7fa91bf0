from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sessions_app.enums import DeliveryState
from sessions_app.models import Programme, Reminder
from sessions_app.services.registrations import registration_create
from tests.factories.members import UserFactory
from tests.factories.sessions import SessionFactory
from tests.sessions_app.test_reminders import make_session, register


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


def test_new_reminder_offsets_saved_in_the_admin_rearm_the_reminders(db):
    session = make_session(starts_in=timedelta(days=3), offsets=(60,))
    register(session)
    programme = session.programme
    programme.reminder_offsets = [24 * 60]
    request = RequestFactory().post("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)

    # What the admin's change view does once the form is valid (the form stands in for Django's).
    admin.site._registry[Programme].save_model(
        request, programme, SimpleNamespace(changed_data=["reminder_offsets"]), change=True
    )

    reminders = dict(Reminder.objects.values_list("offset_minutes", "state"))
    assert reminders == {60: DeliveryState.CANCELLED, 24 * 60: DeliveryState.PENDING}
    assert Reminder.objects.get(offset_minutes=24 * 60).due_at == session.starts_at - timedelta(days=1)
    assert session.starts_at > timezone.now()
