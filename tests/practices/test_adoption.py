"""Interest in adopting, adoptions, bookmarks, "my practices" and the interest dashboard."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.enums import MembershipRole
from practices.enums import PracticeStatus
from practices.models import Adoption, AdoptionInterest, Bookmark
from practices.services import adoption as services
from practices.tasks import send_interest_email
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory

SITE = "http://testserver"


@pytest.fixture
def federation(db):
    return FederationFactory(name="Lega Test")


@pytest.fixture
def owner(federation):
    return OrganisationFactory(parent=federation, name="Drimlab")


@pytest.fixture
def owner_staff(owner):
    return MembershipFactory(organisation=owner, role=MembershipRole.STAFF).user


@pytest.fixture
def practice(owner):
    return PracticeFactory(owner=owner, title="Metaverse prototyping")


@pytest.fixture
def adopter_org(db):
    return OrganisationFactory(name="Coop Finland", country="FI")


@pytest.fixture
def member(adopter_org):
    return MembershipFactory(organisation=adopter_org, user__full_name="Aino Virtanen").user


# --- interest ---------------------------------------------------------------------------------------


def test_interest_emails_the_owner_staff_once(
    client, practice, owner_staff, member, adopter_org, mailoutbox, django_capture_on_commit_callbacks
):
    second_staff = MembershipFactory(organisation=practice.owner, role=MembershipRole.STAFF).user
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practices:interest_create", args=[practice.slug]),
            {"organisation": adopter_org.pk, "message": "We run a studio in Oulu."},
        )

    assert response.status_code == 302
    assert response.url == practice.get_absolute_url()
    interest = AdoptionInterest.objects.get()
    assert (interest.user, interest.organisation) == (member, adopter_org)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([owner_staff.email, second_staff.email])
    assert mailoutbox[0].subject == "Aino Virtanen is interested in adopting “Metaverse prototyping”"
    assert "We run a studio in Oulu." in mailoutbox[0].body
    assert "Coop Finland" in mailoutbox[0].body
    assert f"{SITE}{reverse('practices:interest_dashboard')}" in mailoutbox[0].body
    send_interest_email.delay(interest_id=interest.pk, site_url=SITE)  # a second run sends nothing
    assert len(mailoutbox) == 2


def test_each_owner_staff_member_reads_the_interest_in_their_own_language(
    practice, owner_staff, member, mailoutbox, django_capture_on_commit_callbacks
):
    italian = MembershipFactory(
        organisation=practice.owner, role=MembershipRole.STAFF, user__preferred_language="it"
    ).user

    with django_capture_on_commit_callbacks(execute=True):
        services.interest_create(
            practice=practice, user=member, organisation=None, message="Hi", site_url=SITE
        )

    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects == {
        owner_staff.email: "Aino Virtanen is interested in adopting “Metaverse prototyping”",
        italian.email: "Aino Virtanen manifesta interesse ad adottare “Metaverse prototyping”",
    }


def test_interest_without_staff_of_its_own_goes_to_the_parent_staff(practice, federation, member, mailoutbox):
    federation_staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user
    interest = services.interest_create(
        practice=practice, user=member, organisation=None, message="Hello", site_url=SITE
    )

    sent = services.interest_notify_staff(interest_id=interest.pk, site_url=SITE)

    assert sent == 1
    assert mailoutbox[0].to == [federation_staff.email]


def test_interest_with_no_staff_anywhere_is_claimed_quietly(member, mailoutbox):
    practice = PracticeFactory(owner=OrganisationFactory())
    interest = services.interest_create(
        practice=practice, user=member, organisation=None, message="Hi", site_url=SITE
    )

    assert services.interest_notify_staff(interest_id=interest.pk, site_url=SITE) == 0
    interest.refresh_from_db()
    assert interest.notified_at is not None


def test_a_second_interest_by_the_same_person_is_a_clear_error(client, practice, member):
    services.interest_create(practice=practice, user=member, organisation=None, message="Hi", site_url=SITE)
    client.force_login(member)

    response = client.post(reverse("practices:interest_create", args=[practice.slug]), {"message": "Again"})

    assert response.status_code == 200
    assert "You told its staff on" in response.content.decode()
    assert AdoptionInterest.objects.count() == 1


def test_interest_for_an_organisation_one_does_not_belong_to_is_refused(practice, member):
    with pytest.raises(ValidationError) as error:
        services.interest_create(
            practice=practice, user=member, organisation=OrganisationFactory(), message="Hi", site_url=SITE
        )

    assert error.value.code == "not_a_member"


def test_the_interest_form_offers_only_my_organisations_without_the_owner(
    client, practice, member, adopter_org
):
    MembershipFactory(user=member, organisation=practice.owner)
    client.force_login(member)

    response = client.get(reverse("practices:interest_create", args=[practice.slug]))

    choices = list(response.context["form"].fields["organisation"].queryset)
    assert choices == [adopter_org]


def test_the_owners_own_people_cannot_say_they_are_interested_in_its_practice(client, practice, owner_staff):
    client.force_login(owner_staff)

    response = client.post(reverse("practices:interest_create", args=[practice.slug]), {"message": "Hi"})

    assert response.status_code == 200
    assert "This is your own organisation&#x27;s practice." in response.content.decode()
    assert not AdoptionInterest.objects.exists()


def test_one_of_the_owner_may_still_speak_for_another_of_their_organisations(practice, member, adopter_org):
    MembershipFactory(user=member, organisation=practice.owner)

    interest = services.interest_create(
        practice=practice, user=member, organisation=adopter_org, message="For Coop Finland", site_url=SITE
    )

    assert interest.organisation == adopter_org


def test_an_unpublished_practice_takes_no_interest(practice, member):
    practice.status = PracticeStatus.DRAFT
    practice.save()

    with pytest.raises(ValidationError) as error:
        services.interest_create(
            practice=practice, user=member, organisation=None, message="Hi", site_url=SITE
        )

    assert error.value.code == "not_published"


def test_a_message_is_required(client, practice, member):
    client.force_login(member)

    response = client.post(reverse("practices:interest_create", args=[practice.slug]), {"message": ""})

    assert response.status_code == 200
    assert 'id="id_message_error"' in response.content.decode()


# --- adoption ---------------------------------------------------------------------------------------


def test_reporting_an_adoption_creates_it(client, practice, member, adopter_org):
    client.force_login(member)

    response = client.post(
        reverse("practices:adoption_create", args=[practice.slug]),
        {"organisation": adopter_org.pk, "story": "We run it in Oulu since spring."},
    )

    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.practice, adoption.organisation, adoption.reported_by) == (practice, adopter_org, member)


def test_a_duplicate_adoption_is_a_clear_error_on_the_organisation(client, practice, member, adopter_org):
    Adoption.objects.create(practice=practice, organisation=adopter_org, reported_by=member, story="First")
    client.force_login(member)

    response = client.post(
        reverse("practices:adoption_create", args=[practice.slug]),
        {"organisation": adopter_org.pk, "story": "Again"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        "Coop Finland has already reported adopting this practice."
    ]
    assert 'id="id_organisation_error"' in response.content.decode()
    assert Adoption.objects.count() == 1


@pytest.mark.parametrize("code", ["not_a_member", "own_practice"])
def test_adoption_is_for_my_own_organisations_other_than_the_owner(practice, member, code):
    organisation = OrganisationFactory() if code == "not_a_member" else practice.owner
    if code == "own_practice":
        MembershipFactory(user=member, organisation=practice.owner)

    with pytest.raises(ValidationError) as error:
        services.adoption_create(practice=practice, organisation=organisation, by=member, story="x")

    assert error.value.code == code


def test_a_racing_duplicate_adoption_is_caught_by_the_constraint(practice, member, adopter_org, monkeypatch):
    Adoption.objects.create(practice=practice, organisation=adopter_org, reported_by=member, story="First")
    real_filter = Adoption.objects.filter
    monkeypatch.setattr(Adoption.objects, "filter", lambda **kw: real_filter(pk=-1))  # the check misses it

    with pytest.raises(ValidationError) as error:
        services.adoption_create(practice=practice, organisation=adopter_org, by=member, story="Again")

    assert error.value.code == "duplicate"


def test_someone_in_no_organisation_is_told_why_they_cannot_report(client, practice):
    client.force_login(UserFactory())

    response = client.get(reverse("practices:adoption_create", args=[practice.slug]))

    assert response.status_code == 200
    assert "You do not belong to any such organisation yet." in response.content.decode()


# --- bookmarks --------------------------------------------------------------------------------------


def test_bookmark_toggles_over_htmx_with_aria_pressed(client, practice, member):
    client.force_login(member)
    url = reverse("practices:bookmark_toggle", args=[practice.slug])

    first = client.post(url, headers={"HX-Request": "true"})
    second = client.post(url, headers={"HX-Request": "true"})

    assert 'aria-pressed="true"' in first.content.decode()
    assert "Added to your bookmarks." in first.content.decode()
    assert 'aria-pressed="false"' in second.content.decode()
    assert Bookmark.objects.count() == 0


def test_bookmark_without_javascript_redirects_back(client, practice, member):
    client.force_login(member)

    response = client.post(
        reverse("practices:bookmark_toggle", args=[practice.slug]),
        {"next": reverse("practices:my_practices")},
    )

    assert response.url == reverse("practices:my_practices")
    assert Bookmark.objects.get().user == member


def test_bookmarking_twice_at_once_keeps_one_row(practice, member):
    Bookmark.objects.create(user=member, practice=practice)

    assert services.bookmark_toggle(user=member, practice=practice) is False
    assert services.bookmark_toggle(user=member, practice=practice) is True
    assert Bookmark.objects.count() == 1


# --- my practices -----------------------------------------------------------------------------------


def test_my_practices_lists_bookmarks_and_my_organisations_practices(client, practice, owner, owner_staff):
    draft = PracticeFactory(owner=owner, status=PracticeStatus.DRAFT, title="Unfinished draft")
    elsewhere = PracticeFactory(title="Bookmarked elsewhere")
    Bookmark.objects.create(user=owner_staff, practice=elsewhere)
    client.force_login(owner_staff)

    response = client.get(reverse("practices:my_practices"))

    assert [p.title for p in response.context["bookmarks"]] == ["Bookmarked elsewhere"]
    assert [p.title for p in response.context["owned"]] == ["Metaverse prototyping", "Unfinished draft"]
    assert response.context["owned"][1].available_transitions == [PracticeStatus.SUBMITTED]
    assert reverse("practices:practice_edit", args=[draft.slug]) in response.content.decode()
    assert ">Actions</th>" in response.content.decode()


def test_my_practices_lists_the_interest_i_told_owners_about(client, practice, member, adopter_org):
    services.interest_create(
        practice=practice, user=member, organisation=adopter_org, message="From Oulu", site_url=SITE
    )
    withdrawn = PracticeFactory(title="Withdrawn since")
    services.interest_create(practice=withdrawn, user=member, organisation=None, message="Hi", site_url=SITE)
    withdrawn.status = PracticeStatus.ARCHIVED
    withdrawn.save()
    client.force_login(member)

    page = client.get(reverse("practices:my_practices")).text

    assert f'<a href="{practice.get_absolute_url()}">Metaverse prototyping</a>' in page
    assert "for Coop Finland" in page
    assert "Withdrawn since" not in page


def test_with_no_interest_told_the_page_says_how_to_tell_one(client, member):
    client.force_login(member)

    page = client.get(reverse("practices:my_practices")).text

    assert "We are interested in adopting this” tells its owner" in page


def test_members_see_only_published_practices_of_their_organisations(client, practice, owner):
    PracticeFactory(owner=owner, status=PracticeStatus.DRAFT, title="Secret draft")
    client.force_login(MembershipFactory(organisation=owner).user)

    response = client.get(reverse("practices:my_practices"))

    assert [p.title for p in response.context["owned"]] == ["Metaverse prototyping"]
    assert "Secret draft" not in response.content.decode()
    assert ">Actions</th>" not in response.content.decode()  # nothing they may do: no empty column


def test_the_curator_comment_shows_next_to_a_practice_sent_back(client, owner, owner_staff):
    from practices.models import PracticeTransition

    practice = PracticeFactory(owner=owner, status=PracticeStatus.CHANGES_REQUESTED)
    PracticeTransition.objects.create(
        practice=practice, from_status="in_review", to_status="changes_requested", comment="Add the cost band"
    )
    client.force_login(owner_staff)

    response = client.get(reverse("practices:my_practices"))

    assert "Add the cost band" in response.content.decode()


@pytest.mark.parametrize("size", [3, 30], ids=["3-each", "30-each"])
def test_my_practices_query_count_does_not_grow(client, django_assert_num_queries, owner, owner_staff, size):
    for number in range(size):
        PracticeFactory(owner=owner, status=PracticeStatus.DRAFT if number % 2 else PracticeStatus.PUBLISHED)
        Bookmark.objects.create(user=owner_staff, practice=PracticeFactory(title=f"B{number}"))
    client.force_login(owner_staff)

    # session, user, staff organisations, those beneath, bookmarks, interests told, count, page, the
    # curator check's permissions (user, groups), "may create practices": the same at any size.
    with django_assert_num_queries(11):
        response = client.get(reverse("practices:my_practices"))

    assert response.status_code == 200


# --- the interest dashboard -------------------------------------------------------------------------


def test_dashboard_shows_interests_in_my_organisations_practices_only(client, practice, owner_staff, member):
    services.interest_create(
        practice=practice, user=member, organisation=None, message="From Oulu", site_url=SITE
    )
    other = PracticeFactory(title="Not ours")
    services.interest_create(
        practice=other, user=member, organisation=None, message="Elsewhere", site_url=SITE
    )
    client.force_login(owner_staff)

    response = client.get(reverse("practices:interest_dashboard"))

    page = response.content.decode()
    assert "From Oulu" in page
    assert member.email in page
    assert "Elsewhere" not in page


@pytest.mark.parametrize("size", [3, 30], ids=["3-each", "30-each"])
def test_dashboard_query_count_does_not_grow(client, django_assert_num_queries, owner, owner_staff, size):
    for number in range(size):
        practice = PracticeFactory(owner=owner)
        person = MembershipFactory().user
        services.interest_create(
            practice=practice, user=person, organisation=None, message=f"M{number}", site_url=SITE
        )
        Adoption.objects.create(practice=practice, organisation=OrganisationFactory(), story="x")
    client.force_login(owner_staff)

    # session, user, staff organisations, those beneath, count, page, interests, adoptions
    with django_assert_num_queries(8):
        response = client.get(reverse("practices:interest_dashboard"))

    assert response.status_code == 200


# --- the practice page's action bar (templates/practices/_practice_actions.html) -----------------------


def render_actions(rf, practice, user) -> str:
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get(practice.get_absolute_url())
    request.user = user or AnonymousUser()
    return render_to_string("practices/_practice_actions.html", {"practice": practice}, request=request)


def test_actions_invite_anonymous_visitors_to_sign_in(rf, practice, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_actions(rf, practice, None)

    assert f'href="/accounts/login/?next=/practices/{practice.slug}/"' in html
    assert reverse("practices:bookmark_toggle", args=[practice.slug]) not in html


def test_actions_offer_a_member_bookmark_interest_and_adoption(
    rf, practice, member, django_assert_num_queries
):
    Bookmark.objects.create(user=member, practice=practice)

    with django_assert_num_queries(3):  # bookmark and interest in one; the curator check (two)
        html = render_actions(rf, practice, member)

    assert 'aria-pressed="true"' in html
    assert reverse("practices:interest_create", args=[practice.slug]) in html
    assert reverse("practices:adoption_create", args=[practice.slug]) in html
    assert reverse("practices:practice_edit", args=[practice.slug]) not in html
    assert "to_status" not in html


def test_actions_say_when_the_member_already_asked(rf, practice, member):
    services.interest_create(practice=practice, user=member, organisation=None, message="Hi", site_url=SITE)

    html = render_actions(rf, practice, member)

    assert "You told its staff you are interested." in html
    assert reverse("practices:interest_create", args=[practice.slug]) not in html


def test_actions_tell_the_owners_people_it_is_their_practice_instead_of_offering_interest(
    rf, practice, owner, django_assert_num_queries
):
    colleague = MembershipFactory(organisation=owner).user

    with django_assert_num_queries(3):  # the same single query tells bookmark, interest and belonging
        html = render_actions(rf, practice, colleague)

    assert "This is your own organisation's practice." in html
    assert reverse("practices:interest_create", args=[practice.slug]) not in html
    assert reverse("practices:adoption_create", args=[practice.slug]) not in html


def test_actions_offer_interest_to_one_of_the_owner_who_may_speak_for_another_organisation(
    rf, practice, owner, member
):
    MembershipFactory(user=member, organisation=owner)  # Aino belongs to Coop Finland and to the owner

    html = render_actions(rf, practice, member)

    assert reverse("practices:interest_create", args=[practice.slug]) in html
    assert "This is your own organisation's practice." not in html


def test_actions_offer_the_owner_staff_edit_and_submit_on_a_draft(rf, owner, owner_staff):
    draft = PracticeFactory(owner=owner, status=PracticeStatus.DRAFT)

    html = render_actions(rf, draft, owner_staff)

    assert reverse("practices:practice_edit", args=[draft.slug]) in html
    assert 'value="submitted"' in html
    assert "Note for the curators (optional)" in html
    assert reverse("practices:interest_create", args=[draft.slug]) not in html


def test_actions_offer_a_curator_the_review_moves(rf, owner):
    from tests.practices.test_curation import make_curator

    submitted = PracticeFactory(owner=owner, status=PracticeStatus.SUBMITTED)

    html = render_actions(rf, submitted, make_curator())

    assert 'value="in_review"' in html
    assert 'value="changes_requested"' in html
    assert "Comment for the submitter" in html


def test_removing_a_bookmark_without_javascript_says_so(client, practice, member):
    Bookmark.objects.create(user=member, practice=practice)
    client.force_login(member)

    response = client.post(reverse("practices:bookmark_toggle", args=[practice.slug]), follow=True)

    assert "was removed from your bookmarks" in response.content.decode()
