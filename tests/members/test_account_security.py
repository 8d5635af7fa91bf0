"""Signing in safely: two-factor authentication, re-authentication before changing the e-mail or the
password, and seeing (and ending) one's other signed-in browsers. All through allauth's real views."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from members.enums import MembershipRole
from tests.factories.members import MembershipFactory, UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def staff(db):
    user = UserFactory(email="staff@example.org")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    MembershipFactory(user=user, role=MembershipRole.STAFF)
    return user


def sign_in(client: Client, email: str) -> object:
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def reauthenticate(client: Client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.text


def turn_on_totp(client: Client) -> str:
    assert client.get(reverse("mfa_activate_totp")).url.startswith(reverse("account_reauthenticate"))
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp")).text
    secret = re.search(r'value="([A-Z2-7]{16,})"', page).group(1)  # shown for typing in by hand
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302, response.text
    return secret


def test_staff_are_asked_to_turn_on_two_factor(client, staff):
    sign_in(client, staff.email)

    page = client.get(reverse("members:account_profile")).text

    assert f'href="{reverse("mfa_index")}"' in page
    assert "Please turn it on: as staff you see other people" in page


def test_a_member_sees_two_factor_as_optional(client, db):
    member = UserFactory()
    client.force_login(member)

    page = client.get(reverse("members:account_profile")).text

    assert f'href="{reverse("mfa_index")}"' in page
    assert "Please turn it on" not in page


def test_with_two_factor_on_the_password_alone_does_not_sign_in(client, staff):
    sign_in(client, staff.email)
    secret = turn_on_totp(client)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert "on" in client.get(reverse("members:account_profile")).text
    client.post(reverse("account_logout"))

    after_password = sign_in(client, staff.email)

    assert after_password.url == reverse("mfa_authenticate")
    assert client.get(reverse("members:account_profile")).status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert 'aria-invalid="true"' in wrong.text or "errorlist" in wrong.text
    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.get(reverse("members:account_profile")).status_code == 200


def test_recovery_codes_sign_in_when_the_phone_is_lost(client, staff):
    sign_in(client, staff.email)
    turn_on_totp(client)
    codes = RecoveryCodes(Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES))
    code = codes.get_unused_codes()[0]
    assert code in client.get(reverse("mfa_view_recovery_codes")).text
    client.post(reverse("account_logout"))

    sign_in(client, staff.email)
    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 302
    assert client.get(reverse("members:account_profile")).status_code == 200


def test_adding_an_email_address_asks_for_the_password_again(client, staff):
    sign_in(client, staff.email)
    add = {"action_add": "", "email": "new.address@example.org"}

    first = client.post(reverse("account_email"), add)

    assert first.url.startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="new.address@example.org").exists()
    wrong = client.post(reverse("account_reauthenticate"), {"password": "not my password"})
    assert wrong.status_code == 200
    reauthenticate(client)
    client.post(reverse("account_email"), add)
    assert EmailAddress.objects.filter(user=staff, email="new.address@example.org").exists()


def test_a_reauthentication_counts_for_five_minutes_only(client, staff):
    sign_in(client, staff.email)
    reauthenticate(client)
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 301
    session.save()

    response = client.post(reverse("account_email"), {"action_add": "", "email": "late@example.org"})

    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="late@example.org").exists()


def test_changing_the_password_needs_the_current_one(client, staff):
    sign_in(client, staff.email)
    new = {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}

    wrong = client.post(reverse("account_change_password"), {"oldpassword": "guess", **new})

    assert wrong.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    client.post(reverse("account_change_password"), {"oldpassword": PASSWORD, **new})
    staff.refresh_from_db()
    assert staff.check_password("a brand new passphrase")


def test_people_see_their_other_sessions_and_can_end_them(staff):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop browser"), Client(HTTP_USER_AGENT="Phone browser")
    sign_in(laptop, staff.email)
    sign_in(phone, staff.email)

    listing = laptop.get(reverse("usersessions_list")).text
    assert "Laptop browser" in listing
    assert "Phone browser" in listing

    laptop.post(reverse("usersessions_list"))

    assert phone.get(reverse("members:account_profile")).status_code == 302  # signed out
    assert laptop.get(reverse("members:account_profile")).status_code == 200
    assert "Phone browser" not in laptop.get(reverse("usersessions_list")).text


def test_sessions_page_lists_only_ones_own_sessions(staff, db):
    other = UserFactory(email="other@example.org")
    EmailAddress.objects.create(user=other, email=other.email, primary=True, verified=True)
    mine, theirs = Client(HTTP_USER_AGENT="My browser"), Client(HTTP_USER_AGENT="Their browser")
    sign_in(mine, staff.email)
    sign_in(theirs, other.email)

    listing = mine.get(reverse("usersessions_list")).text

    assert "My browser" in listing
    assert "Their browser" not in listing


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, staff, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": staff.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_reset_password_done")
    assert [message.to for message in mailoutbox] == [[staff.email], ["nobody@example.org"]]
    # Only the address's owner learns, from their own inbox, that it has no account here.
    assert "we do not have any record of such an account" in mailoutbox[1].body


@pytest.mark.parametrize(
    ("url_name", "limit", "data"),
    [
        ("account_signup", "signup", {"email": "x{n}@example.org", "password1": "p", "password2": "p"}),
        ("account_reset_password", "reset_password", {"email": "x{n}@example.org"}),
    ],
    ids=["signup", "reset"],
)
def test_sign_up_and_password_reset_are_rate_limited(client, db, settings, url_name, limit, data):
    settings.ACCOUNT_RATE_LIMITS = {limit: "3/m/ip"}

    answers = [
        client.post(reverse(url_name), {key: value.format(n=n) for key, value in data.items()})
        for n in range(5)
    ]

    assert answers[0].status_code in (200, 302)
    assert answers[-1].status_code == 429
