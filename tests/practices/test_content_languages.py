"""A practice in several languages: readers see their language's text when it exists, else the original
with a clear note; search finds it by the words of any of its languages; its editors translate it
beside the original."""

import pytest
from django.urls import reverse

from members.enums import MembershipRole
from practices.models import PracticeTranslation
from practices.services.search_index import practices_reindex
from practices.services.translations import practice_translation_save
from sessions_app.models import ProgrammeTranslation, SessionTranslation
from tests.factories.members import MembershipFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory

ITALIAN = {
    "title": "Buste paga condivise",
    "summary": "Una piattaforma comune per le buste paga delle cooperative.",
    "description": "Le cooperative **condividono** un servizio di contabilità.",
}


@pytest.fixture
def practice(db):
    return PracticeFactory(
        title="Shared payroll",
        slug="shared-payroll",
        summary="A common payroll platform for cooperatives.",
        description="Cooperatives share an accounting service.",
        original_language="en",
    )


@pytest.fixture
def editor(practice):
    return MembershipFactory(organisation=practice.owner, role=MembershipRole.STAFF).user


def translate(practice, editor, language="it", **fields):
    return practice_translation_save(practice=practice, language=language, by=editor, **(ITALIAN | fields))


def read_as(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).text


def test_an_italian_reader_sees_the_italian_text(client, practice, editor):
    translate(practice, editor)

    page = read_as(client, practice.get_absolute_url(), "it")

    assert '<h1 id="practice-title" lang="it">Buste paga condivise</h1>' in page
    assert "Una piattaforma comune" in page
    assert "<strong>condividono</strong>" in page
    assert "Shared payroll" not in page.split("<main", 1)[1]


def test_a_reader_without_a_translation_sees_the_original_and_is_told(client, practice, editor):
    translate(practice, editor)

    page = read_as(client, practice.get_absolute_url(), "fi")

    assert '<h1 id="practice-title" lang="en">Shared payroll</h1>' in page
    assert '<p class="lead" lang="en">A common payroll platform for cooperatives.</p>' in page
    assert "Shared payroll" in page


def test_the_fallback_note_names_the_original_language(client, practice):
    practice.original_language = "it"
    practice.save()

    page = read_as(client, practice.get_absolute_url(), "en")

    assert "Shown in Italian, the original: there is no translation into your language yet." in page


def test_the_note_names_the_original_language_in_the_readers_words(client, practice):
    page = read_as(client, practice.get_absolute_url(), "en")  # English reader, English original

    assert "Shown in" not in page
    assert "Translated from" not in page


def test_a_translation_says_what_it_was_translated_from(client, practice, editor, settings):
    practice.original_language = "it"
    practice.save()
    translate(practice, editor, language="en", title="Shared payroll (EN)")

    page = read_as(client, practice.get_absolute_url(), "en")

    assert "Shared payroll (EN)" in page
    assert "Translated from Italian." in page


def test_the_catalogue_shows_each_card_in_the_readers_language(client, practice, editor):
    translate(practice, editor)
    PracticeFactory(title="Untranslated tool")

    page = read_as(client, reverse("practices:practice_list"), "it")

    assert ">Buste paga condivise</a>" in page
    assert ">Untranslated tool</a>" in page


@pytest.mark.parametrize(
    "words", ["piattaforma", "buste paga", "contabilità"], ids=["summary", "title", "description"]
)
def test_search_finds_a_practice_by_the_words_of_its_translation(client, practice, editor, words):
    translate(practice, editor)
    PracticeFactory(title="Something else entirely")
    practices_reindex()

    page = client.get(reverse("practices:practice_list"), {"q": words}).text

    assert "shared-payroll" in page
    assert "Something else entirely" not in page


def test_search_forgets_a_removed_translation(client, practice, editor):
    translate(practice, editor)
    client.force_login(editor)
    client.post(reverse("practices:practice_translate", args=[practice.slug, "it"]), {"delete": ""})

    page = client.get(reverse("practices:practice_list"), {"q": "piattaforma"}).text

    assert "shared-payroll" not in page
    assert not PracticeTranslation.objects.exists()


def test_an_editor_translates_beside_the_original(client, practice, editor):
    client.force_login(editor)
    url = reverse("practices:practice_translate", args=[practice.slug, "it"])

    form = client.get(url).text
    response = client.post(url, ITALIAN)

    assert "A common payroll platform for cooperatives." in form  # the original, beside the fields
    assert 'name="title"' in form
    assert response.status_code == 302
    assert PracticeTranslation.objects.get(practice=practice, language="it").title == "Buste paga condivise"
    detail = client.get(practice.get_absolute_url()).text
    assert f'href="{url}"' in detail  # editors see the way to each language


def test_a_translation_with_missing_fields_shows_errors_and_saves_nothing(client, practice, editor):
    client.force_login(editor)

    response = client.post(
        reverse("practices:practice_translate", args=[practice.slug, "it"]), {"title": "", "summary": ""}
    )

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not PracticeTranslation.objects.exists()


def test_the_original_language_cannot_be_translated_into(client, practice, editor):
    client.force_login(editor)

    assert client.get(reverse("practices:practice_translate", args=[practice.slug, "en"])).status_code == 404
    assert client.get(reverse("practices:practice_translate", args=[practice.slug, "xx"])).status_code == 404


def test_only_the_practices_editors_may_translate(client, practice):
    client.force_login(UserFactory())
    url = reverse("practices:practice_translate", args=[practice.slug, "it"])

    assert client.get(url).status_code == 403
    assert client.post(url, ITALIAN).status_code == 403
    assert not PracticeTranslation.objects.exists()


def test_visitors_are_sent_to_sign_in(client, practice):
    url = reverse("practices:practice_translate", args=[practice.slug, "it"])

    assert client.get(url).url.startswith(reverse("account_login"))


def test_readers_do_not_see_the_translation_links(client, practice, editor):
    page = client.get(practice.get_absolute_url()).text

    assert "/translations/" not in page


def test_a_new_practice_starts_in_the_submitters_language(client, editor):
    editor.preferred_language = "pl"
    editor.save()
    client.force_login(editor)

    page = client.get(reverse("practices:practice_create")).text

    assert '<option value="pl" selected>' in page


def test_the_sessions_it_was_presented_in_are_named_in_the_readers_language(client, practice):
    programme = ProgrammeFactory(title="Digital transitions", original_language="en")
    session = SessionFactory(programme=programme, number=2, title="Platforms and data", practices=[practice])
    SessionTranslation.objects.create(session=session, language="it", title="Piattaforme e dati")
    ProgrammeTranslation.objects.create(programme=programme, language="it", title="Transizioni digitali")

    italian = read_as(client, practice.get_absolute_url(), "it")
    finnish = read_as(client, practice.get_absolute_url(), "fi")

    assert 'Sessione 2: <span lang="it">Piattaforme e dati</span>' in italian
    assert '<span lang="it">Transizioni digitali</span>' in italian
    assert '<span lang="en">Platforms and data</span>' in finnish  # no Finnish: the original, marked
    assert '<span lang="en">Digital transitions</span>' in finnish


def test_a_session_title_translated_later_shows_at_once_on_the_practice_page(
    client, practice, django_capture_on_commit_callbacks
):
    session = SessionFactory(number=1, title="Platforms and data", practices=[practice])
    assert '<span lang="en">Platforms and data</span>' in read_as(client, practice.get_absolute_url(), "it")

    with django_capture_on_commit_callbacks(execute=True):
        SessionTranslation.objects.create(session=session, language="it", title="Piattaforme e dati")

    assert 'Sessione 1: <span lang="it">Piattaforme e dati</span>' in read_as(
        client, practice.get_absolute_url(), "it"
    )
