import pytest
from django.db import IntegrityError

from members.models import User


@pytest.mark.django_db
def test_email_is_the_login_name_and_is_stored_lowercase():
    user = User.objects.create_user(email="Maria.Rossi@Example.IT", password="pw-123456789")

    assert user.email == "maria.rossi@example.it"
    assert User.USERNAME_FIELD == "email"
    assert user.check_password("pw-123456789")


@pytest.mark.django_db
def test_the_same_email_in_another_case_cannot_be_a_second_user():
    User.objects.create_user(email="one@example.org", password="x")

    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="ONE@example.org")])


@pytest.mark.django_db
def test_superuser_has_admin_access():
    admin = User.objects.create_superuser(email="root@example.org", password="x")

    assert admin.is_staff
    assert admin.is_superuser


def test_user_without_email_is_refused():
    with pytest.raises(ValueError, match="e-mail address is required"):
        User.objects.create_user(email="", password="x")
