import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from members.enums import JoinRequestStatus, MembershipRole, OrganisationKind
from members.models import JoinRequest, Membership
from members.services.join_requests import join_request_create, join_request_decide
from members.tasks import send_join_request_decision, send_join_request_to_staff
from tests.factories.members import (
    FederationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

SITE = "http://testserver"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def federation(db):
    return FederationFactory(name="Lega Test")


@pytest.fixture
def staff(federation):
    return MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user


@pytest.fixture
def person(db):
    return UserFactory(full_name="Ada Rossi", email="ada@example.org")


def ask(person, organisation, message=""):
    return join_request_create(user=person, organisation=organisation, message=message, site_url=SITE)


def decide_url(join_request, decision):
    return reverse(
        "members:join_request_decide", args=[join_request.organisation.slug, join_request.pk, decision]
    )


# --- asking ----------------------------------------------------------------------------------------


def test_asking_to_join_emails_each_staff_member(
    client, federation, staff, person, mailoutbox, django_capture_on_commit_callbacks
):
    second_staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user
    MembershipFactory(organisation=federation, role=MembershipRole.MEMBER)
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:join_request_create", args=[federation.slug]), {"message": "We run a bakery."}
        )

    assert response.status_code == 302
    assert response.url == federation.get_absolute_url()
    join_request = JoinRequest.objects.get()
    assert (join_request.user, join_request.status, join_request.message) == (
        person,
        JoinRequestStatus.PENDING,
        "We run a bakery.",
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([staff.email, second_staff.email])
    assert mailoutbox[0].subject == "Ada Rossi asks to join Lega Test"
    assert "We run a bakery." in mailoutbox[0].body
    assert f"{SITE}{reverse('members:join_request_list', args=[federation.slug])}" in mailoutbox[0].body


def test_each_staff_member_reads_the_request_in_their_own_language(
    client, federation, staff, person, mailoutbox, django_capture_on_commit_callbacks
):
    italian = MembershipFactory(
        organisation=federation, role=MembershipRole.STAFF, user__preferred_language="it"
    ).user
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:join_request_create", args=[federation.slug]), {"message": "Ciao"})

    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects == {
        staff.email: "Ada Rossi asks to join Lega Test",
        italian.email: "Ada Rossi chiede di unirsi a Lega Test",
    }


def test_a_cooperative_without_staff_of_its_own_notifies_the_federation_staff(
    federation, staff, person, mailoutbox, django_capture_on_commit_callbacks
):
    cooperative = OrganisationFactory(parent=federation)

    with django_capture_on_commit_callbacks(execute=True):
        ask(person, cooperative)

    assert [m.to for m in mailoutbox] == [[staff.email]]


def test_an_organisation_with_no_staff_anywhere_sends_nothing(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(person, OrganisationFactory())

    assert mailoutbox == []


def test_the_form_page_shows_a_labelled_message_field(client, federation, person):
    client.force_login(person)

    response = client.get(reverse("members:join_request_create", args=[federation.slug]))

    assert response.status_code == 200
    assert '<label for="id_message">' in response.text
    assert 'aria-describedby="id_message_helptext"' in response.text


def test_asking_twice_is_a_clear_form_error_not_a_crash(client, federation, staff, person):
    client.force_login(person)
    url = reverse("members:join_request_create", args=[federation.slug])
    client.post(url, {"message": ""})

    response = client.post(url, {"message": "again"})

    assert response.status_code == 200
    assert "You have already asked to join Lega Test" in response.text
    assert JoinRequest.objects.count() == 1


def test_a_member_asking_to_join_gets_a_clear_error(client, federation, staff):
    client.force_login(staff)

    response = client.post(reverse("members:join_request_create", args=[federation.slug]), {"message": ""})

    assert response.status_code == 200
    assert "You are already a member of Lega Test" in response.text
    assert JoinRequest.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in_before_asking(client, federation):
    response = client.post(reverse("members:join_request_create", args=[federation.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert JoinRequest.objects.count() == 0


def test_asking_to_join_an_inactive_organisation_is_not_found(client, person):
    inactive = OrganisationFactory(is_active=False)
    client.force_login(person)

    response = client.post(reverse("members:join_request_create", args=[inactive.slug]))

    assert response.status_code == 404


def test_the_database_still_refuses_a_second_pending_request(federation, person):
    ask(person, federation)

    with pytest.raises(IntegrityError):
        JoinRequest.objects.create(user=person, organisation=federation)


def test_after_a_decline_the_person_may_ask_again(federation, staff, person):
    join_request_decide(join_request=ask(person, federation), by=staff, approve=False, site_url=SITE)

    again = ask(person, federation)

    assert again.status == JoinRequestStatus.PENDING
    assert JoinRequest.objects.count() == 2


# --- deciding --------------------------------------------------------------------------------------


def test_approving_makes_a_member_and_emails_the_requester(
    client, federation, staff, person, mailoutbox, django_capture_on_commit_callbacks
):
    join_request = ask(person, federation)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(join_request, "approve"), follow=True)

    assert response.redirect_chain == [(reverse("members:join_request_list", args=[federation.slug]), 302)]
    assert "Ada Rossi is now a member." in response.text
    assert Membership.objects.get(user=person).organisation == federation
    assert Membership.objects.get(user=person).role == MembershipRole.MEMBER
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by) == (JoinRequestStatus.APPROVED, staff)
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert mailoutbox[0].subject == "Welcome to Lega Test"
    assert "was approved" in mailoutbox[0].body


def test_declining_emails_the_requester_and_makes_no_membership(
    client, federation, staff, person, mailoutbox, django_capture_on_commit_callbacks
):
    join_request = ask(person, federation)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(join_request, "decline"), **HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="join-request-{join_request.pk}">')
    assert "The request from Ada Rossi was declined." in response.text
    assert not Membership.objects.filter(user=person).exists()
    assert JoinRequest.objects.get().status == JoinRequestStatus.DECLINED
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert "was declined" in mailoutbox[0].body


def test_deciding_twice_changes_nothing_and_says_so(client, federation, staff, person, mailoutbox):
    join_request = ask(person, federation)
    client.force_login(staff)
    client.post(decide_url(join_request, "approve"))

    response = client.post(decide_url(join_request, "decline"), follow=True)

    assert "already been answered" in response.text
    assert JoinRequest.objects.get().status == JoinRequestStatus.APPROVED
    assert Membership.objects.filter(user=person).exists()


def test_an_unknown_decision_is_not_found(client, federation, staff, person):
    client.force_login(staff)

    response = client.post(decide_url(ask(person, federation), "maybe"))

    assert response.status_code == 404
    assert JoinRequest.objects.get().status == JoinRequestStatus.PENDING


def test_a_request_of_another_organisation_is_not_found(client, federation, staff, person):
    elsewhere = ask(person, FederationFactory())
    client.force_login(staff)

    response = client.post(
        reverse("members:join_request_decide", args=[federation.slug, elsewhere.pk, "approve"])
    )

    assert response.status_code == 404


def test_the_decision_tasks_skip_requests_that_are_gone_or_undecided(federation, person, mailoutbox):
    join_request = ask(person, federation)

    send_join_request_decision.delay(join_request_id=join_request.pk, site_url=SITE)
    send_join_request_to_staff.delay(join_request_id=join_request.pk + 1000, site_url=SITE)

    assert mailoutbox == []


def test_service_refuses_a_member(federation, staff):
    with pytest.raises(ValidationError) as refused:
        ask(staff, federation)

    assert refused.value.code == "already_member"


# --- pages -----------------------------------------------------------------------------------------


def make_requests(organisation, decider, count: int) -> None:
    for n in range(count):
        join_request = ask(UserFactory(), organisation, message=f"note {n}")
        if n % 2:
            join_request_decide(join_request=join_request, by=decider, approve=n % 4 == 1, site_url=SITE)


@pytest.mark.parametrize("count", [2, 12], ids=["few", "many"])
def test_join_request_list_query_count_does_not_grow(
    client, federation, staff, count, django_assert_num_queries
):
    make_requests(federation, staff, count)
    client.force_login(staff)

    with django_assert_num_queries(6):  # session, user, organisation, staff memberships, pending, decided
        response = client.get(reverse("members:join_request_list", args=[federation.slug]))

    assert response.status_code == 200
    assert response.text.count('<tr id="join-request-') == count // 2


def test_organisation_page_offers_a_signed_in_non_member_the_join_button(client, federation, person):
    client.force_login(person)

    response = client.get(federation.get_absolute_url())

    assert f'action="{reverse("members:join_request_create", args=[federation.slug])}"' in response.text
    assert "Request to join" in response.text
    assert "Invite people" not in response.text


def test_organisation_page_shows_a_pending_note_instead_of_the_button(client, federation, person):
    ask(person, federation)
    client.force_login(person)

    response = client.get(federation.get_absolute_url())

    assert "You have asked to join" in response.text
    assert "Request to join" not in response.text


def test_organisation_page_asks_anonymous_visitors_to_sign_in(client, federation):
    response = client.get(federation.get_absolute_url())

    assert "Sign in to ask to join" in response.text
    assert "Invite people" not in response.text


def test_organisation_page_tells_a_member_they_belong(client, federation):
    member = MembershipFactory(organisation=federation).user
    client.force_login(member)

    response = client.get(federation.get_absolute_url())

    assert "You are a member of this organisation." in response.text
    assert "Requests to join" not in response.text


def test_confederation_staff_are_notified_when_no_one_nearer_is_staff(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION)
    federation = FederationFactory(parent=confederation)
    cooperative = OrganisationFactory(parent=federation)
    top = MembershipFactory(organisation=confederation, role=MembershipRole.STAFF).user

    with django_capture_on_commit_callbacks(execute=True):
        ask(person, cooperative)

    assert [m.to for m in mailoutbox] == [[top.email]]
