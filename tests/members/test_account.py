import json
import re
import secrets
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from members.enums import JoinRequestStatus, MembershipRole
from members.models import Invitation, JoinRequest, Membership, Organisation, User
from members.selectors import accounts as account_selectors
from members.services import accounts as account_services
from members.services.accounts import profile_update, user_delete
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory

PASSWORD = "correct horse battery"  # UserFactory's
ACCOUNT_URLS = ["members:account_profile", "members:account_export", "members:account_delete"]


def invite(organisation: Organisation, email: str, **fields) -> Invitation:
    fields.setdefault("expires_at", timezone.now() + timedelta(days=7))
    return Invitation.objects.create(
        organisation=organisation, email=email, token=secrets.token_urlsafe(16), **fields
    )


def person_with_data(email: str, name: str) -> User:
    """A person with an address, a membership, a pending join request and an invitation."""
    user = UserFactory(email=email, full_name=name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    MembershipFactory(user=user, organisation=OrganisationFactory(name=f"{name}'s cooperative"))
    JoinRequest.objects.create(
        user=user, organisation=OrganisationFactory(name=f"{name}'s wish"), message=f"{name} asks"
    )
    invite(OrganisationFactory(name=f"{name}'s invitation"), email.upper())
    return user


@pytest.mark.django_db
def test_profile_update_changes_what_the_page_shows(client):
    user = UserFactory(full_name="Ana")
    client.force_login(user)

    response = client.post(
        reverse("members:account_profile"),
        {
            "full_name": "Ana Cooper",
            "country": "FI",
            "preferred_language": "en",
            "time_zone": "Asia/Tokyo",
            "notify_session_summaries": "on",
            "practice_digest": "weekly",
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("members:account_profile"), 302)]
    page = response.text
    assert "Your profile is saved." in page
    assert "Signed in as Ana" in page
    assert "Times on this portal are shown in <strong>Asia/Tokyo</strong>" in page
    user.refresh_from_db()
    assert (user.full_name, user.country.code, user.time_zone) == ("Ana Cooper", "FI", "Asia/Tokyo")
    assert (user.notify_session_reminders, user.notify_session_summaries) == (False, True)
    assert user.practice_digest == "weekly"


@pytest.mark.django_db
def test_profile_invalid_time_zone_is_a_form_error(client):
    user = UserFactory(full_name="Ana", time_zone="Europe/Rome")
    client.force_login(user)

    response = client.post(
        reverse("members:account_profile"),
        {"full_name": "Someone Else", "preferred_language": "en", "time_zone": "Mars/Olympus_Mons"},
    )

    assert response.status_code == 200
    assert "Select a valid choice. Mars/Olympus_Mons is not one of the available choices." in response.text
    assert "Signed in as Ana" in response.text
    user.refresh_from_db()
    assert (user.full_name, user.time_zone) == ("Ana", "Europe/Rome")


@pytest.mark.django_db
def test_profile_lists_memberships_and_pending_requests(client):
    user = UserFactory()
    MembershipFactory(
        user=user, organisation=OrganisationFactory(name="Coop Alpha"), role=MembershipRole.STAFF
    )
    JoinRequest.objects.create(user=user, organisation=OrganisationFactory(name="Coop Beta"))
    JoinRequest.objects.create(
        user=user, organisation=OrganisationFactory(name="Coop Gamma"), status=JoinRequestStatus.DECLINED
    )
    MembershipFactory(organisation=OrganisationFactory(name="Coop Not Mine"))
    client.force_login(user)

    page = client.get(reverse("members:account_profile")).text

    assert "Coop Alpha" in page
    assert "Coop Beta" in page
    assert "Coop Gamma" not in page
    assert "Coop Not Mine" not in page
    for name in [
        "account_email",
        "account_change_password",
        "members:account_export",
        "members:account_delete",
    ]:
        assert f'href="{reverse(name)}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ACCOUNT_URLS, ids=["profile", "export", "delete"])
def test_account_pages_send_anonymous_visitors_to_sign_in(client, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.django_db
def test_export_is_a_json_download_of_my_data_and_not_anothers(client):
    ana = person_with_data("ana@example.coop", "Ana")
    person_with_data("bruno@example.coop", "Bruno")
    client.force_login(ana)

    response = client.get(reverse("members:account_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{today:%Y-%m-%d}.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == "ana@example.coop"
    assert data["profile"]["full_name"] == "Ana"
    assert data["email_addresses"] == [{"email": "ana@example.coop", "primary": True, "verified": True}]
    assert [m["organisation"] for m in data["memberships"]] == ["Ana's cooperative"]
    assert [(r["organisation"], r["message"]) for r in data["join_requests"]] == [("Ana's wish", "Ana asks")]
    assert [i["organisation"] for i in data["invitations"]] == ["Ana's invitation"]
    assert "token" not in data["invitations"][0]
    assert "Bruno" not in response.text
    assert "bruno@" not in response.text


@pytest.mark.django_db
def test_export_includes_sections_registered_by_other_apps(monkeypatch):
    user = UserFactory()
    extra = [*account_selectors.EXPORTERS, lambda person: {"attendance": [person.pk]}]
    monkeypatch.setattr(account_selectors, "EXPORTERS", extra)

    data = account_selectors.user_data_export(user)

    assert data["attendance"] == [user.pk]
    assert data["profile"]["email"] == user.email


@pytest.mark.django_db
def test_delete_page_explains_what_is_removed_and_kept(client):
    client.force_login(UserFactory())

    page = client.get(reverse("members:account_delete")).text

    assert "What is removed" in page
    assert "What is kept, anonymised" in page
    assert '<label for="id_email">Type your e-mail address to confirm:</label>' in page


@pytest.mark.django_db
def test_delete_with_another_email_typed_is_refused(client):
    user = UserFactory(email="ana@example.coop")
    client.force_login(user)

    response = client.post(reverse("members:account_delete"), {"email": "bruno@example.coop"})

    assert response.status_code == 200
    assert "That is not the e-mail address of this account." in response.text
    user.refresh_from_db()
    assert user.is_active
    assert user.email == "ana@example.coop"


@pytest.mark.django_db
def test_delete_anonymises_me_signs_me_out_and_keeps_the_organisation(client):
    ana = person_with_data("ana@example.coop", "Ana")
    bruno = person_with_data("bruno@example.coop", "Bruno")
    organisation = ana.memberships.get().organisation
    MembershipFactory(user=bruno, organisation=organisation)
    sent_by_ana = invite(organisation, "carla@example.coop", invited_by=ana)
    client.force_login(ana)

    response = client.post(reverse("members:account_delete"), {"email": " ANA@example.coop "}, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your account is deleted." in response.text
    assert "Signed in as" not in response.text
    ana.refresh_from_db()
    assert ana.email == f"deleted-{ana.pk}@invalid"
    assert (ana.full_name, ana.country, ana.time_zone, ana.last_login) == ("", "", "", None)
    assert not ana.is_active
    assert not ana.has_usable_password()
    assert not client.login(email="ana@example.coop", password=PASSWORD)
    assert not Membership.objects.filter(user=ana).exists()
    assert not JoinRequest.objects.filter(user=ana).exists()
    assert not EmailAddress.objects.filter(user=ana).exists()
    assert not Invitation.objects.filter(email__iexact="ana@example.coop").exists()
    # Others and the organisation are untouched; what Ana did for the organisation stays.
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert Membership.objects.filter(organisation=organisation).count() == 1
    assert Invitation.objects.get(pk=sent_by_ana.pk).invited_by == ana
    assert Invitation.objects.filter(email__iexact="bruno@example.coop").count() == 1
    assert bruno.memberships.count() == 2


@pytest.mark.django_db
def test_delete_runs_the_deleters_of_other_apps(monkeypatch):
    user = UserFactory(email="ana@example.coop")
    seen = []
    monkeypatch.setattr(account_services, "DELETERS", [lambda person: seen.append(person.email)])

    user_delete(user=user)

    assert seen == ["ana@example.coop"]


@pytest.mark.django_db
def test_profile_update_refuses_fields_outside_the_profile():
    user = UserFactory()

    with pytest.raises(ValueError, match="not profile fields: is_staff"):
        profile_update(user=user, is_staff=True)

    user.refresh_from_db()
    assert not user.is_staff


@pytest.mark.django_db
@pytest.mark.parametrize("memberships", [2, 20], ids=["2-memberships", "20-memberships"])
def test_profile_query_count_does_not_grow_with_memberships(client, django_assert_num_queries, memberships):
    user = UserFactory()
    MembershipFactory.create_batch(memberships, user=user)
    for _ in range(memberships):
        JoinRequest.objects.create(user=user, organisation=OrganisationFactory())
    client.force_login(user)

    # Session, user, memberships with organisations, pending requests with organisations, and
    # whether two-factor authentication is on (allauth's authenticators).
    with django_assert_num_queries(5):
        response = client.get(reverse("members:account_profile"))

    assert response.status_code == 200
    assert response.text.count('class="badge"') >= memberships


@pytest.mark.django_db
def test_someone_in_no_organisation_is_shown_where_to_find_theirs(client):
    client.force_login(UserFactory())

    page = client.get(reverse("members:account_profile")).text

    assert "You do not belong to any organisation yet." in page
    assert (
        f'<a href="{reverse("members:directory")}">Find your organisation in the members directory</a>'
        in page
    )


@pytest.mark.django_db
def test_the_time_zone_list_starts_with_europe(client):
    client.force_login(UserFactory())

    page = client.get(reverse("members:account_profile")).text

    groups = re.findall(r'<optgroup label="([^"]+)"', page)
    assert groups[0] == "Europe"
