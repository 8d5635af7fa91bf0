"""The catalogue's pages are rendered once and then served from the cache, and every change a reader
would notice shows at once: an edit, a publication, a withdrawal, a translation, a theme or an owner
renamed, a deletion. What is the reader's own (the CSRF token, the contact person for members, the
sessions they may see, an editor's links) is never taken from another reader's page."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from members.enums import MembershipRole
from practices.enums import MaturityDimension, PracticeStatus
from practices.models import Adoption
from practices.services.catalogue import practice_save
from practices.services.curation import practice_transition
from practices.services.translations import practice_translation_save
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory, ThemeFactory
from tests.practices.test_catalogue import make_session, titles

LIST = reverse("practices:practice_list")
CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')  # in hx-headers on <body>, masked per response
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def practice(db):
    theme = ThemeFactory(name="Payroll", slug="payroll")
    shown = PracticeFactory(
        title="Shared payroll",
        slug="shared-payroll",
        owner=OrganisationFactory(name="Coop Aurora"),
        themes=[theme],
        dimensions=[MaturityDimension.READINESS],
        contact_person=UserFactory(full_name="Ada Contact", email="ada.contact@example.coop"),
    )
    PracticeFactory(title="Shared kitchen", themes=[theme])  # a related practice
    return shown


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (the cache forgets after commit)."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def curator():
    group, _ = Group.objects.get_or_create(name="Curators")
    group.permissions.add(Permission.objects.get(codename="curate_practice"))
    user = UserFactory()
    user.groups.add(group)
    return user


def csrf_token(html: str) -> str:
    return CSRF_HEADER.search(html).group(1)


def without_csrf_token(html: str) -> str:
    """The page without the reader's CSRF tokens (the header's, and the header's language form's)."""
    return CSRF_FIELD.sub("", CSRF_HEADER.sub("", html))


def page(client, practice, **headers) -> str:
    response = client.get(practice.get_absolute_url(), headers=headers)
    assert response.status_code == 200
    return response.text


def test_a_visitor_is_served_the_cached_page_without_a_query(client, practice, django_assert_num_queries):
    first = page(client, practice)

    with django_assert_num_queries(0):
        again = page(client, practice)

    assert without_csrf_token(again) == without_csrf_token(first)
    assert "Shared kitchen" in again


def test_an_edit_shows_at_once_on_the_page_and_in_the_catalogue(client, practice, committed):
    page(client, practice)
    client.get(LIST)

    practice.title = "Shared payroll service"
    committed(practice_save, practice=practice)

    assert '<h1 id="practice-title" lang="en">Shared payroll service</h1>' in page(client, practice)
    assert "Shared payroll service" in titles(client.get(LIST).text)


def test_a_withdrawn_practice_is_gone_at_once(client, practice, committed):
    page(client, practice)
    client.get(LIST)

    committed(
        practice_transition,
        practice=practice,
        to_status=PracticeStatus.ARCHIVED,
        by=curator(),
        site_url="",
    )

    assert client.get(practice.get_absolute_url()).status_code == 404
    assert "Shared payroll" not in titles(client.get(LIST).text)


def test_a_publication_shows_at_once(client, practice, committed):
    draft = PracticeFactory(title="Fresh practice", status=PracticeStatus.IN_REVIEW, published_at=None)
    client.get(LIST)
    assert client.get(draft.get_absolute_url()).status_code == 404

    committed(
        practice_transition, practice=draft, to_status=PracticeStatus.PUBLISHED, by=curator(), site_url=""
    )

    assert "Fresh practice" in titles(client.get(LIST).text)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_translation_shows_at_once_to_its_readers(client, practice, committed):
    editor = MembershipFactory(organisation=practice.owner, role=MembershipRole.STAFF).user
    client.cookies["django_language"] = "it"
    page(client, practice)
    client.get(LIST)

    committed(
        practice_translation_save,
        practice=practice,
        language="it",
        title="Buste paga condivise",
        summary="Una piattaforma comune.",
        description="",
        by=editor,
    )

    assert '<h1 id="practice-title" lang="it">Buste paga condivise</h1>' in page(client, practice)
    assert "Buste paga condivise" in titles(client.get(LIST).text)
    client.cookies["django_language"] = "en"
    assert '<h1 id="practice-title" lang="en">Shared payroll</h1>' in page(client, practice)


def test_a_renamed_theme_and_owner_show_at_once(client, practice, committed):
    client.get(LIST)
    page(client, practice)
    theme, owner = practice.themes.get(), practice.owner

    theme.name = "Payroll and pay slips"
    committed(theme.save)
    owner.name = "Coop Aurora Nuova"
    committed(owner.save)

    listing, detail = client.get(LIST).text, page(client, practice)
    assert "Payroll and pay slips" in listing
    assert "Coop Aurora Nuova" in listing
    assert "Payroll and pay slips" in detail
    assert ">Coop Aurora Nuova</a>" in detail


def test_a_deleted_practice_is_gone_at_once(client, practice, committed):
    page(client, practice)

    committed(practice.delete)

    assert client.get(reverse("practices:practice_detail", args=["shared-payroll"])).status_code == 404


def test_each_reader_gets_their_own_csrf_token_around_the_shared_parts(practice):
    mine, theirs = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    my_token, their_token = csrf_token(page(mine, practice)), csrf_token(page(theirs, practice))
    switch = reverse("members:set_language")

    accepted = mine.post(switch, {"language": "it"}, headers={"X-CSRFToken": my_token})
    refused = mine.post(switch, {"language": "it"}, headers={"X-CSRFToken": their_token})

    assert accepted.status_code == 302
    assert refused.status_code == 403


def test_a_member_sees_their_parts_after_a_visitor_filled_the_cache(client, practice):
    members_only = make_session(practice, number=1, visibility="members")
    visitor = page(client, practice)
    client.force_login(MembershipFactory().user)

    member = page(client, practice)

    assert "Sign in to see who to contact." in visitor
    assert members_only.get_absolute_url() not in visitor
    assert 'href="mailto:ada.contact@example.coop"' in member
    assert members_only.get_absolute_url() in member


def test_a_visitor_never_sees_a_members_parts_from_the_cache(client, practice):
    members_only = make_session(practice, number=1, visibility="members")
    member_client = type(client)()
    member_client.force_login(MembershipFactory().user)
    page(member_client, practice)

    visitor = page(client, practice)

    assert "ada.contact@example.coop" not in visitor
    assert "Ada Contact" not in visitor
    assert members_only.get_absolute_url() not in visitor
    assert "Sign in to see who to contact." in visitor


def test_editor_links_stay_with_the_editor(client, practice):
    editor = MembershipFactory(organisation=practice.owner, role=MembershipRole.STAFF).user
    editor_client = type(client)()
    editor_client.force_login(editor)

    visitor_before = page(client, practice)
    editor_page = page(editor_client, practice)
    visitor_after = page(client, practice)

    assert "/translations/" in editor_page
    assert "/translations/" not in visitor_before
    assert "/translations/" not in visitor_after


def test_the_sessions_app_changes_show_at_once(client, practice, committed):
    page(client, practice)

    session = committed(make_session, practice, number=1)
    shown = page(client, practice)
    session.status = "cancelled"
    committed(session.save)
    cancelled = page(client, practice)

    assert session.get_absolute_url() in shown
    assert session.get_absolute_url() not in cancelled


def test_a_programme_made_members_only_leaves_the_visitors_page_at_once(client, practice, committed):
    session = committed(make_session, practice, number=1)
    assert session.get_absolute_url() in page(client, practice)

    session.programme.visibility = "members"
    committed(session.programme.save)

    assert session.get_absolute_url() not in page(client, practice)


def test_an_adoption_shows_at_once(client, practice, committed):
    page(client, practice)
    adopter = OrganisationFactory(name="Osuuskunta Esimerkki")

    committed(Adoption.objects.create, practice=practice, organisation=adopter, story="It worked.")

    assert "Osuuskunta Esimerkki" in page(client, practice)


def test_the_search_box_keeps_what_was_searched(client, practice):
    client.get(LIST, {"q": "payroll"})

    again = client.get(LIST, {"q": "payroll"}).text

    assert 'name="q" id="id_q" value="payroll"' in again
    assert '<details class="facet-panel">' in again
    assert '<details class="facet-panel" open>' in client.get(LIST, {"theme": "payroll"}).text
