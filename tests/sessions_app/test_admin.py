from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from sessions_app.enums import DeliveryState
from sessions_app.models import Reminder
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


def change_form_data(page) -> dict:
    """What the admin's change form would post back unchanged: its fields and its inlines' management
    forms, as rendered."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(form.fields[name], forms.JSONField):
            value = form.fields[name].prepare_value(value)
        widget = form.fields[name].widget
        if isinstance(widget, forms.MultiWidget) and value is not None:  # the admin's date and time boxes
            parts = value if isinstance(value, list) else widget.decompress(value)
            data |= {f"{name}_{index}": str(part) for index, part in enumerate(parts) if part is not None}
        elif value is not None:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(name): management[name].value() for name in management.fields}
    return data


def test_new_reminder_offsets_saved_in_the_admin_rearm_the_reminders(admin_client):
    session = make_session(starts_in=timedelta(days=3), offsets=(60,))
    register(session)
    url = reverse("admin:sessions_app_programme_change", args=[session.programme.pk])
    data = change_form_data(admin_client.get(url))

    response = admin_client.post(url, data | {"reminder_offsets": "[1440]"})

    assert response.status_code == 302
    reminders = dict(Reminder.objects.values_list("offset_minutes", "state"))
    assert reminders == {60: DeliveryState.CANCELLED, 24 * 60: DeliveryState.PENDING}
    assert Reminder.objects.get(offset_minutes=24 * 60).due_at == session.starts_at - timedelta(days=1)


@pytest.mark.parametrize("offsets", ['["an hour"]', "[0]", "60", "[1.5]", "[99999999]"])
def test_reminder_offsets_that_are_not_whole_minutes_are_a_form_error_in_the_admin(admin_client, offsets):
    session = make_session(starts_in=timedelta(days=3), offsets=(60,))
    url = reverse("admin:sessions_app_programme_change", args=[session.programme.pk])
    data = change_form_data(admin_client.get(url))

    response = admin_client.post(url, data | {"reminder_offsets": offsets})

    assert response.status_code == 200
    assert "A list of whole numbers of minutes before the session" in response.text
    session.programme.refresh_from_db()
    assert session.programme.reminder_offsets == [60]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("organiser_time_zone", "Mars/Base", "Mars/Base is not a time zone."),
        ("language", "xx", "Select a valid choice."),
        ("capacity", "0", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_the_admin_refuses_session_values_the_staff_form_refuses(admin_client, field, value, error):
    session = SessionFactory(capacity=12)
    url = reverse("admin:sessions_app_session_change", args=[session.pk])
    data = change_form_data(admin_client.get(url))

    response = admin_client.post(url, data | {field: value})

    assert response.status_code == 200
    assert error in response.text
    session.refresh_from_db()
    assert (session.organiser_time_zone, session.language, session.capacity) == ("Europe/Rome", "en", 12)


def test_the_admin_refuses_registration_closing_after_the_session_ends(admin_client):
    session = SessionFactory()
    url = reverse("admin:sessions_app_session_change", args=[session.pk])
    data = change_form_data(admin_client.get(url))
    late = timezone.localtime(session.ends_at + timedelta(days=1))

    response = admin_client.post(
        url, data | {"registration_closes_at_0": str(late.date()), "registration_closes_at_1": "10:00:00"}
    )

    assert response.status_code == 200
    assert "Registration must close before the session ends." in response.text


def test_an_unchanged_session_saves_in_the_admin(admin_client):
    session = SessionFactory()
    url = reverse("admin:sessions_app_session_change", args=[session.pk])

    response = admin_client.post(url, change_form_data(admin_client.get(url)))

    assert response.status_code == 302


def test_the_admin_says_which_zone_a_sessions_times_are_in(admin_client):
    session = SessionFactory(organiser_time_zone="Europe/Rome")
    admin_client.cookies["browser_tz"] = "America/New_York"

    page = admin_client.get(reverse("admin:sessions_app_session_change", args=[session.pk])).text

    assert "In your time zone, America/New_York." in page
    assert "Europe/Rome" in page  # the organiser's, in its own field


def test_a_registration_in_the_admin_is_a_page_to_read_without_save_buttons(admin_client):
    registration = registration_create(session=SessionFactory(), user=UserFactory())

    response = admin_client.get(reverse("admin:sessions_app_registration_change", args=[registration.pk]))

    assert response.status_code == 200
    assert 'name="_save"' not in response.text


def test_a_session_held_in_maltese_saves_in_the_admin(admin_client):
    """Maltese is a portal language but not one of Django's: a meeting may still be held in it."""
    session = SessionFactory()
    url = reverse("admin:sessions_app_session_change", args=[session.pk])

    response = admin_client.post(url, change_form_data(admin_client.get(url)) | {"language": "mt"})

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.language == "mt"
