import re

import pytest
from django.urls import reverse

from members.enums import MembershipRole, OrganisationKind
from tests.factories.members import (
    FederationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

DIRECTORY = "/members/"
HTMX = {"HTTP_HX_REQUEST": "true"}
XSS_PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def results_of(page: str) -> str:
    """The inside of the results container of a full directory page."""
    match = re.search(r'<div id="directory-results"[^>]*>(.*)</div>\s*</main>', page, re.S)
    assert match, "no results container"
    return match.group(1)


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def make_federations(count: int) -> None:
    for federation in FederationFactory.create_batch(count):
        for cooperative in OrganisationFactory.create_batch(2, parent=federation):
            MembershipFactory(organisation=cooperative)


def make_people(organisation, count: int) -> None:
    MembershipFactory.create_batch(count, organisation=organisation)


# --- the directory -------------------------------------------------------------------------------


def test_directory_url_is_members():
    assert reverse("members:directory") == DIRECTORY


@pytest.mark.django_db
def test_directory_home_groups_federations_by_country_with_counts(client):
    italy = FederationFactory(name="Lega Test", country="IT")
    OrganisationFactory.create_batch(3, parent=italy)
    OrganisationFactory(parent=italy, is_active=False)
    FederationFactory(name="Suomen Liitto", country="FI", is_demo=True)
    OrganisationFactory(name="Lonely Cooperative", country="FI")

    page = client.get(DIRECTORY).text

    assert "Italy" in page
    assert "Finland" in page
    assert "Lega Test" in page
    assert "3 member organisations" in page
    assert '<span class="badge badge-demo">demo</span>' in page
    assert "2 federations" in squash(page)
    assert "in 2 countries" in squash(page)
    assert "Lonely Cooperative" not in page
    assert 'src="/static/flags/it.gif" alt=""' in page
    assert f'href="{italy.get_absolute_url()}"' in page


@pytest.mark.django_db
def test_directory_hides_inactive_organisations(client):
    FederationFactory(name="Closed Federation", is_active=False)

    page = client.get(DIRECTORY, {"q": "Closed"}).text

    assert "Closed Federation" not in page
    assert "No organisation matches" in page


@pytest.mark.django_db
def test_directory_empty_says_no_federations_yet(client):
    page = client.get(DIRECTORY).text

    assert "No federations yet." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "IT"}, {"Lega Test", "Coop Roma"}),
        ({"kind": OrganisationKind.COOPERATIVE}, {"Coop Roma", "Coop Helsinki"}),
        ({"q": "coop"}, {"Coop Roma", "Coop Helsinki"}),
        ({"q": "TAMPERE"}, {"Coop Helsinki"}),
        ({"country": "FI", "kind": OrganisationKind.FEDERATION}, {"Suomen Liitto"}),
    ],
    ids=["country", "kind", "name", "city", "country-and-kind"],
)
def test_directory_filters(client, params, expected):
    FederationFactory(name="Lega Test", country="IT")
    FederationFactory(name="Suomen Liitto", country="FI")
    OrganisationFactory(name="Coop Roma", country="IT", city="Roma")
    OrganisationFactory(name="Coop Helsinki", country="FI", city="Tampere")
    everyone = {"Lega Test", "Suomen Liitto", "Coop Roma", "Coop Helsinki"}

    page = client.get(DIRECTORY, params).text

    assert {name for name in everyone if name in page} == expected


@pytest.mark.django_db
def test_directory_country_choices_are_the_countries_present(client):
    FederationFactory(country="IT")
    FederationFactory(country="MT", is_active=False)

    page = client.get(DIRECTORY).text

    assert '<option value="IT">Italy</option>' in page
    assert 'value="MT"' not in page


@pytest.mark.django_db
def test_directory_form_is_htmx_enhanced_and_works_without_javascript(client):
    page = client.get(DIRECTORY).text

    assert 'method="get" action="/members/"' in page
    assert 'hx-get="/members/"' in page
    assert 'hx-target="#directory-results"' in page
    assert 'hx-push-url="true"' in page
    assert '<button type="submit">Search</button>' in page
    assert 'aria-live="polite"' in page
    for field in ("q", "country", "kind"):
        assert f'<label for="id_{field}">' in page


@pytest.mark.django_db
def test_directory_htmx_request_gets_only_the_results_fragment(client):
    FederationFactory(name="Lega Test", country="IT")
    OrganisationFactory(name="Coop Roma", country="IT")

    full = client.get(DIRECTORY, {"country": "IT"})
    fragment = client.get(DIRECTORY, {"country": "IT"}, **HTMX)

    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "<form" not in fragment.text
    assert "Coop Roma" in fragment.text
    assert squash(fragment.text) == squash(results_of(full.text))
    assert "HX-Request" in fragment["Vary"]


@pytest.mark.django_db
def test_directory_htmx_history_restore_gets_the_full_page(client):
    page = client.get(DIRECTORY, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX).text

    assert "<html" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [({"country": "XX"}, "country"), ({"kind": "guild"}, "kind"), ({"q": "x" * 101}, "q")],
    ids=["country", "kind", "q-too-long"],
)
def test_directory_invalid_filter_shows_a_form_error(client, params, field):
    FederationFactory(name="Lega Test", country="IT")

    response = client.get(DIRECTORY, params)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'class="errorlist"' in response.text
    assert "left out" in response.text


@pytest.mark.django_db
def test_directory_empty_result_offers_to_clear_the_filters(client):
    FederationFactory(name="Lega Test", country="IT")

    page = client.get(DIRECTORY, {"q": "nothing-like-this"}).text

    assert "No organisation matches “nothing-like-this”" in page
    assert '<a href="/members/">Clear the filters</a>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("federations", [3, 30], ids=["3-federations", "30-federations"])
@pytest.mark.parametrize("params", [{}, {"kind": "cooperative"}], ids=["home", "filtered"])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, federations, params):
    make_federations(federations)

    with django_assert_num_queries(2):
        response = client.get(DIRECTORY, params)

    assert response.status_code == 200


def test_directory_results_are_shared_until_an_organisation_changes(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    FederationFactory(name="Lega Test", country="IT")
    client.force_login(MembershipFactory(organisation__country="IT").user)
    client.get(DIRECTORY)  # counted and rendered once, for every reader

    with django_assert_num_queries(2):  # the session and the person: nothing for the directory
        cached = client.get(DIRECTORY).text
    with django_capture_on_commit_callbacks(execute=True):
        FederationFactory(name="Pellervo Coop Center", country="FI")
    after = client.get(DIRECTORY).text

    assert "Lega Test" in results_of(cached)
    assert "Pellervo Coop Center" not in cached
    assert "Pellervo Coop Center" in results_of(after)
    assert '<option value="FI">Finland</option>' not in cached
    assert '<option value="FI">Finland</option>' in after  # the country filter's choices follow too


# --- one organisation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_shows_the_organisation(client):
    confederation = FederationFactory(name="Confed", kind=OrganisationKind.CONFEDERATION, country="")
    federation = FederationFactory(
        name="Lega Test",
        country="IT",
        city="Roma",
        website="https://lega.example",
        founded_year=1921,
        description="We **support** cooperatives.",
        parent=confederation,
        is_demo=True,
    )
    OrganisationFactory(name="Coop Roma", parent=federation)
    OrganisationFactory(name="Closed Coop", parent=federation, is_active=False)

    page = client.get(federation.get_absolute_url()).text

    assert "<h1" in page
    assert "Lega Test" in page
    assert "Italy" in page
    assert 'src="/static/flags/it.gif" alt=""' in page
    assert "Roma" in page
    assert '<a href="https://lega.example" rel="noopener">' in page
    assert "1921" in page
    assert "<strong>support</strong>" in page
    assert f'<a href="{confederation.get_absolute_url()}">Confed</a>' in page
    assert "Coop Roma" in page
    assert "Closed Coop" not in page
    assert '<span class="badge badge-demo">demo</span>' in page


@pytest.mark.django_db
def test_detail_unknown_slug_is_404(client):
    assert client.get(reverse("members:organisation_detail", args=["no-such-org"])).status_code == 404


@pytest.mark.django_db
def test_detail_inactive_is_404_for_others(client):
    organisation = OrganisationFactory(is_active=False, name="Closed Coop")
    client.force_login(UserFactory())

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 404
    assert "Closed Coop" not in response.text


@pytest.mark.django_db
def test_detail_inactive_is_shown_to_its_staff(client):
    organisation = OrganisationFactory(is_active=False, name="Closed Coop")
    staff = MembershipFactory(organisation=organisation, role=MembershipRole.STAFF).user
    client.force_login(staff)

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    assert "Closed Coop" in response.text


@pytest.mark.django_db
def test_detail_hides_people_and_e_mails_from_anonymous(client):
    organisation = OrganisationFactory()
    people = [
        MembershipFactory(organisation=organisation, user__full_name=f"Person {n}").user for n in range(3)
    ]

    page = client.get(organisation.get_absolute_url()).text

    assert "3 people." in squash(page)
    assert "Sign in to see who they are." in page
    for person in people:
        assert person.email not in page
        assert person.full_name not in page


@pytest.mark.django_db
def test_detail_shows_people_and_e_mails_to_members(client):
    organisation = OrganisationFactory()
    people = [
        MembershipFactory(organisation=organisation, user__full_name=f"Person {n}").user for n in range(3)
    ]
    client.force_login(MembershipFactory().user)  # a member of another organisation

    page = client.get(organisation.get_absolute_url()).text

    for person in people:
        assert person.full_name in page
        assert f'href="mailto:{person.email}"' in page


@pytest.mark.django_db
def test_detail_hides_e_mails_from_an_account_without_membership(client):
    organisation = OrganisationFactory()
    person = MembershipFactory(organisation=organisation, user__full_name="Person 1").user
    client.force_login(UserFactory())  # anyone can sign up: an account alone is not membership

    page = client.get(organisation.get_absolute_url()).text

    assert person.email not in page


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=["script", "img-onerror"])
def test_detail_description_is_sanitised(client, payload):
    organisation = OrganisationFactory(description=f"Hello {payload} world", name="Safe Coop")

    page = client.get(organisation.get_absolute_url()).text

    assert "Safe Coop" in page
    assert payload not in page
    assert "onerror" not in page
    assert "<script>alert" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30], ids=["3-each", "30-each"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_detail_query_count_does_not_grow(client, django_assert_num_queries, size, signed_in):
    confederation = FederationFactory(kind=OrganisationKind.CONFEDERATION)
    federation = FederationFactory(parent=confederation)
    OrganisationFactory.create_batch(size, parent=federation)
    make_people(federation, size)
    if signed_in:
        client.force_login(UserFactory())
    # The organisation, its active children, its people; signed in, also the session and the user, and
    # what _organisation_actions.html asks (staff organisations; membership and pending request);
    # plus the sections of higher apps: its practices, its programmes (signed in: + membership check
    # for members-only programmes).
    queries = 10 if signed_in else 5

    with django_assert_num_queries(queries):
        response = client.get(federation.get_absolute_url())

    assert response.status_code == 200
