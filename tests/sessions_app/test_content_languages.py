"""Programmes, sessions and summaries in several languages: readers see their language's text when it
exists, else the original with a clear note and its lang attribute; the programme's staff translate
beside the original; no page does more queries for it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole, OrganisationKind
from sessions_app.models import ProgrammeTranslation, Session, SessionTranslation, SummaryTranslation
from sessions_app.selectors.translations import programme_text, session_text
from sessions_app.services import programmes as programme_services
from sessions_app.services.translations import (
    programme_translation_save,
    session_translation_delete,
    session_translation_save,
)
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import (
    ConfirmedRegistrationFactory,
    ProgrammeFactory,
    SessionFactory,
    SpeakerFactory,
    SummaryFactory,
    TrendFactory,
)

PROGRAMME_IT = {
    "title": "Transizioni digitali",
    "theme": "Transizione digitale",
    "description": "Le federazioni **imparano** insieme.",
    "aims": "Condividere pratiche.",
}
SESSION_IT = {"title": "Bisogni delle cooperative", "agenda": "Un **giro** di tavolo."}
SHOWN_IN_ENGLISH = "Shown in English, the original: there is no translation into your language yet."


@pytest.fixture
def world(db):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION)
    organiser = FederationFactory(parent=confederation)
    co_host = FederationFactory(parent=confederation)
    programme = ProgrammeFactory(
        organiser=organiser,
        co_hosts=[co_host],
        title="Digital transitions",
        slug="digital-transitions",
        theme="Digital transition",
        description="Federations **learn** together.",
        aims="Share practices.",
    )
    session = SessionFactory(
        programme=programme,
        number=1,
        title="Needs of cooperatives",
        agenda="A **round** of the table.",
        starts_at=timezone.now() + timedelta(days=3),
    )
    staff = MembershipFactory(organisation=organiser, role=MembershipRole.STAFF).user
    return {"programme": programme, "session": session, "staff": staff, "co_host": co_host}


def translate(world, language="it") -> None:
    programme_translation_save(
        programme=world["programme"], language=language, by=world["staff"], **PROGRAMME_IT
    )
    session_translation_save(session=world["session"], language=language, by=world["staff"], **SESSION_IT)


def read_as(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def main(page: str) -> str:
    return page.split("<main", 1)[1]


def programme_url(world) -> str:
    return world["programme"].get_absolute_url()


def session_url(world) -> str:
    return world["session"].get_absolute_url()


# --- What readers see ------------------------------------------------------------------------------


def test_an_italian_reader_sees_the_programme_in_italian(client, world):
    translate(world)

    page = read_as(client, programme_url(world), "it")

    assert '<h1 lang="it">Transizioni digitali</h1>' in page
    assert '<p class="eyebrow" lang="it">Transizione digitale</p>' in page
    assert '<div class="prose" lang="it"><p>Le federazioni <strong>imparano</strong> insieme.</p>' in page
    assert "Condividere pratiche." in page
    assert ">Bisogni delle cooperative</a>" in page
    assert "Digital transitions" not in main(page)
    assert "Needs of cooperatives" not in main(page)


def test_a_reader_without_a_translation_sees_the_original_and_is_told(client, world):
    translate(world)

    page = read_as(client, programme_url(world), "fi")

    assert '<h1 lang="en">Digital transitions</h1>' in page
    assert '<div class="prose" lang="en"><p>Federations <strong>learn</strong> together.</p>' in page
    assert "Näytetään alkuperäisellä kielellä (englanti): käännöstä kielellesi ei ole vielä tehty." in page


def test_the_fallback_note_names_the_original_language(client, world):
    world["programme"].original_language = "it"
    world["programme"].save()

    page = read_as(client, programme_url(world), "en")

    assert "Shown in Italian, the original: there is no translation into your language yet." in page
    assert '<h1 lang="it">Digital transitions</h1>' in page


def test_no_note_when_the_reader_reads_the_original(client, world):
    page = read_as(client, programme_url(world), "en")

    assert "Shown in" not in page
    assert "Translated from" not in page
    assert "the original" not in page


def test_a_translation_says_what_it_was_translated_from(client, world):
    translate(world)

    page = read_as(client, programme_url(world), "it")

    assert "Tradotto dalla lingua originale (Inglese)." in page


def test_an_italian_reader_sees_the_session_in_italian(client, world):
    translate(world)

    page = read_as(client, session_url(world), "it")

    assert '<h1 lang="it">Bisogni delle cooperative</h1>' in page
    assert '<div class="prose" lang="it"><p>Un <strong>giro</strong> di tavolo.</p></div>' in page
    assert '<span lang="it">Transizioni digitali</span></a>' in page  # the back link to the programme
    assert "<title>Bisogni delle cooperative · Transizioni digitali" in page


def test_the_session_page_says_when_it_shows_the_original(client, world):
    page = read_as(client, session_url(world), "pl")
    english = read_as(client, session_url(world), "en")

    assert '<h1 lang="en">Needs of cooperatives</h1>' in page
    assert '<div class="prose" lang="en"><p>A <strong>round</strong> of the table.</p></div>' in page
    assert 'class="content-language muted"' in page
    assert 'class="content-language muted"' not in english


def test_the_session_language_held_in_is_not_the_language_of_its_text(client, world):
    world["session"].language = "fi"  # the meeting is in Finnish; its text stays English
    world["session"].save()

    page = read_as(client, session_url(world), "en")

    assert '<h1 lang="en">Needs of cooperatives</h1>' in page
    assert "<dd>Finnish</dd>" in page
    assert "Shown in" not in page


def test_a_translated_summary_is_shown_with_the_session(client, world):
    world["session"].starts_at = timezone.now() - timedelta(days=1)
    world["session"].save()
    SummaryFactory(session=world["session"], body="What was said.", takeaways="Keep going.")
    session_translation_save(
        session=world["session"],
        language="it",
        by=world["staff"],
        **SESSION_IT,
        summary_body="Cosa si è detto.",
        summary_takeaways="Andare avanti.",
    )

    italian = read_as(client, session_url(world), "it")
    report = read_as(client, reverse("sessions_app:programme_report", args=["digital-transitions"]), "it")

    assert '<div class="prose" lang="it"><p>Cosa si è detto.</p></div>' in italian
    assert "Andare avanti." in italian
    assert "What was said." not in italian
    assert "Cosa si è detto." in report
    assert '<span lang="it">Bisogni delle cooperative</span>' in report


def test_an_untranslated_summary_under_a_translated_title_says_so(client, world):
    world["session"].starts_at = timezone.now() - timedelta(days=1)
    world["session"].save()
    SummaryFactory(session=world["session"], body="What was said.")
    translate(world)

    page = read_as(client, session_url(world), "it")

    assert '<h1 lang="it">Bisogni delle cooperative</h1>' in page
    assert '<div class="prose" lang="en"><p>What was said.</p></div>' in page
    assert page.count('class="content-language muted"') == 2  # the title's "translated from", the summary's


def test_the_feedback_form_names_the_session_in_the_readers_language(client, world):
    world["session"].starts_at = timezone.now() - timedelta(hours=3)
    world["session"].save()
    translate(world)
    person = UserFactory(preferred_language="it")
    ConfirmedRegistrationFactory(session=world["session"], user=person)
    client.force_login(person)

    page = client.get(reverse("sessions_app:feedback_create", args=["digital-transitions", 1])).text

    assert '<span lang="it">Bisogni delle cooperative</span>' in page
    assert "Needs of cooperatives" not in page


def test_the_report_shows_the_programme_in_the_readers_language(client, world):
    translate(world)

    page = read_as(client, reverse("sessions_app:programme_report", args=["digital-transitions"]), "it")

    assert '<h1 lang="it">Transizioni digitali</h1>' in page
    assert '<dd lang="it">Transizione digitale</dd>' in page
    assert "Le federazioni <strong>imparano</strong> insieme." in page


def test_home_shows_the_upcoming_sessions_and_the_programme_in_the_readers_language(client, world):
    translate(world)
    other = SessionFactory(programme=world["programme"], number=2, title="Untranslated session")

    italian = read_as(client, reverse("home"), "it")
    finnish = read_as(client, reverse("home"), "fi")

    assert '<h3 lang="it"><a href="/programmes/digital-transitions/">Transizioni digitali</a></h3>' in italian
    assert f'<h3 lang="it"><a href="{session_url(world)}">Bisogni delle cooperative</a></h3>' in italian
    assert f'<h3 lang="en"><a href="{other.get_absolute_url()}">Untranslated session</a></h3>' in italian
    assert '<span lang="it">Transizioni digitali</span>' in italian
    assert "Needs of cooperatives" not in italian
    assert '<h3 lang="en"><a href="/programmes/digital-transitions/">Digital transitions</a></h3>' in finnish


def test_the_session_list_shows_titles_in_the_readers_language(client, world):
    translate(world)

    page = read_as(client, reverse("sessions_app:session_list"), "it")

    assert f'<h2 lang="it"><a href="{session_url(world)}">Bisogni delle cooperative</a></h2>' in page
    assert '<span lang="it">Transizioni digitali</span>' in page
    assert "Needs of cooperatives" not in page


def test_the_session_list_marks_each_original_it_falls_back_to(client, world):
    page = read_as(client, reverse("sessions_app:session_list"), "sv")

    assert f'<h2 lang="en"><a href="{session_url(world)}">Needs of cooperatives</a></h2>' in page
    assert '<span lang="en">Digital transitions</span>' in page


def test_my_sessions_shows_titles_in_the_readers_language(client, world):
    translate(world)
    person = UserFactory(preferred_language="it")
    ConfirmedRegistrationFactory(session=world["session"], user=person)
    client.force_login(person)

    page = client.get(reverse("sessions_app:my_sessions")).text

    assert '1. <span lang="it">Bisogni delle cooperative</span>' in page
    assert '<span lang="it">Transizioni digitali</span>' in page
    assert "Needs of cooperatives" not in page


def test_the_programme_list_shows_titles_in_the_readers_language(client, world):
    translate(world)

    page = read_as(client, reverse("sessions_app:programme_list"), "it")

    assert '<h2 lang="it"><a href="/programmes/digital-transitions/">Transizioni digitali</a></h2>' in page


# --- Query counts: the same as without translations -------------------------------------------------


def populate(size: int):
    """A programme with ``size`` sessions, each translated into Italian, with a translated summary."""
    programme = ProgrammeFactory(co_hosts=[FederationFactory(), FederationFactory()])
    ProgrammeTranslation.objects.create(programme=programme, language="it", title="Programma")
    now = timezone.now()
    for number in range(1, size + 1):
        session = SessionFactory(
            programme=programme,
            number=number,
            starts_at=now + timedelta(days=number - size // 2 - 1),
            capacity=50,
            practices=PracticeFactory.create_batch(2),
        )
        SessionTranslation.objects.create(session=session, language="it", title=f"Sessione {number}")
        SpeakerFactory.create_batch(2, session=session)
        summary = SummaryFactory(session=session)
        SummaryTranslation.objects.create(summary=summary, language="it", body="Riassunto.")
        ConfirmedRegistrationFactory(session=session, user=MembershipFactory().user)
    for _ in range(size // 2):
        TrendFactory(programme=programme).sessions.set(programme.sessions.all()[:2])
    return programme


PAGES = {  # the numbers of tests/sessions_app/test_programmes.py and tests/sessions_app/test_home.py
    "programme": (lambda p: p.get_absolute_url(), 3),
    "session-list": (lambda p: reverse("sessions_app:session_list"), 2),
    "past-sessions": (lambda p: reverse("sessions_app:session_list") + "?when=past", 2),
    "session": (lambda p: p.sessions.order_by("number").last().get_absolute_url(), 6),
    "report": (lambda p: reverse("sessions_app:programme_report", args=[p.slug]), 10),
    "programme-list": (lambda p: reverse("sessions_app:programme_list"), 2),
    "home": (lambda p: reverse("home"), 3),
}


@pytest.mark.parametrize("page", list(PAGES), ids=list(PAGES))
@pytest.mark.parametrize("size", [2, 8], ids=["2-sessions", "8-sessions"])
def test_translated_pages_use_the_same_number_of_queries(client, db, django_assert_num_queries, page, size):
    url, expected = PAGES[page]
    url = url(populate(size))
    client.cookies["django_language"] = "it"

    with django_assert_num_queries(expected):
        response = client.get(url)

    assert response.status_code == 200
    assert "Sessione" in response.text or "Programma" in response.text


@pytest.mark.parametrize("size", [1, 6])
def test_my_sessions_in_italian_uses_the_same_number_of_queries(client, db, django_assert_num_queries, size):
    person = UserFactory(preferred_language="it")
    for _ in range(size):
        session = SessionFactory()
        SessionTranslation.objects.create(session=session, language="it", title="Sessione tradotta")
        ConfirmedRegistrationFactory(session=session, user=person)
    client.force_login(person)

    with django_assert_num_queries(4):  # login session, user, registrations, calendar feed
        response = client.get(reverse("sessions_app:my_sessions"))

    assert response.text.count("Sessione tradotta") == 3 * size  # the title, and in its two links' names


# --- Translating: the programme's staff -------------------------------------------------------------


def programme_translate_url(language="it") -> str:
    return reverse("sessions_app:programme_translate", args=["digital-transitions", language])


def session_translate_url(language="it") -> str:
    return reverse("sessions_app:session_translate", args=["digital-transitions", 1, language])


def test_staff_translate_the_programme_beside_the_original(client, world):
    client.force_login(world["staff"])

    form = client.get(programme_translate_url()).text
    response = client.post(programme_translate_url(), PROGRAMME_IT)

    assert "Federations <strong>learn</strong> together." in form  # the original, beside the fields
    assert 'name="title"' in form
    assert '<input type="text" name="title" maxlength="250" lang="it"' in form  # its label stays English
    assert response.status_code == 302
    assert response.url == programme_url(world)
    assert ProgrammeTranslation.objects.get(language="it").aims == "Condividere pratiche."


def test_staff_translate_the_session_and_its_summary(client, world):
    SummaryFactory(session=world["session"], body="What was said.")
    client.force_login(world["staff"])
    sequence = Session.objects.get().ical_sequence

    form = client.get(session_translate_url()).text
    response = client.post(session_translate_url(), {**SESSION_IT, "summary_body": "Cosa si è detto."})

    assert "A <strong>round</strong> of the table." in form
    assert "What was said." in form
    assert 'name="summary_body"' in form
    assert response.status_code == 302
    assert SessionTranslation.objects.get().title == "Bisogni delle cooperative"
    assert SummaryTranslation.objects.get().body == "Cosa si è detto."
    assert Session.objects.get().ical_sequence == sequence + 1  # calendar apps take the new title


def test_a_session_without_summary_has_no_summary_fields(client, world):
    client.force_login(world["staff"])

    form = client.get(session_translate_url()).text

    assert 'name="summary_body"' not in form


def test_staff_see_the_languages_done_and_missing_on_the_pages(client, world):
    translate(world)
    client.force_login(world["staff"])

    programme_page = client.get(programme_url(world)).text
    session_page = client.get(session_url(world)).text

    assert (
        f'<a href="{programme_translate_url()}" lang="it">Italian</a> <span aria-label="translated">✓</span>'
        in (programme_page)
    )
    assert f'<a href="{programme_translate_url("fi")}" lang="fi">Finnish</a>,' in programme_page
    assert programme_translate_url("en") not in programme_page  # the original
    assert (
        f'<a href="{session_translate_url()}" lang="it">Italian</a> <span aria-label="translated">✓</span>'
        in (session_page)
    )


def test_readers_do_not_see_the_translation_links(client, world):
    client.force_login(MembershipFactory(organisation=OrganisationFactory()).user)

    for url in (programme_url(world), session_url(world)):
        assert "/translations/" not in client.get(url).text


def test_removing_a_translation_shows_the_original_again(client, world):
    translate(world)
    client.force_login(world["staff"])

    client.post(programme_translate_url(), {"delete": ""})
    client.post(session_translate_url(), {"delete": ""})

    assert not ProgrammeTranslation.objects.exists()
    assert not SessionTranslation.objects.exists()
    page = read_as(client, session_url(world), "it")
    assert '<h1 lang="en">Needs of cooperatives</h1>' in page


@pytest.mark.parametrize(
    ("url", "data", "error"),
    [
        (programme_translate_url, {"title": "", "theme": "x"}, "This field is required."),
        (session_translate_url, {"title": ""}, "This field is required."),
        (
            session_translate_url,
            {"title": "Titolo", "summary_takeaways": "Solo questo."},
            "Translate the summary",
        ),
        (programme_translate_url, {"title": "x" * 300}, "Ensure this value has at most 250 characters"),
    ],
    ids=["programme-title", "session-title", "takeaways-without-summary", "too-long"],
)
def test_a_translation_with_errors_is_shown_again_and_saves_nothing(client, world, url, data, error):
    SummaryFactory(session=world["session"])
    client.force_login(world["staff"])

    response = client.post(url(), data)

    assert response.status_code == 200
    assert error in response.text
    assert 'class="message message-error" role="alert"' in response.text
    assert not ProgrammeTranslation.objects.exists()
    assert not SessionTranslation.objects.exists()


@pytest.mark.parametrize("language", ["en", "xx", "de"], ids=["the-original", "unknown", "not-offered"])
def test_only_the_other_offered_languages_can_be_translated_into(client, world, language):
    client.force_login(world["staff"])

    assert client.get(programme_translate_url(language)).status_code == 404
    assert client.get(session_translate_url(language)).status_code == 404


def test_the_services_refuse_the_original_and_strangers(world):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        programme_translation_save(
            programme=world["programme"], language="en", by=world["staff"], **PROGRAMME_IT
        )
    with pytest.raises(PermissionDenied):
        session_translation_save(session=world["session"], language="it", by=UserFactory(), **SESSION_IT)
    with pytest.raises(PermissionDenied):
        session_translation_delete(session=world["session"], language="it", by=UserFactory())


def test_a_draft_programme_is_not_found_by_those_who_may_not_see_it(client, world):
    world["programme"].status = "draft"
    world["programme"].save()
    client.force_login(MembershipFactory(organisation=FederationFactory(), role=MembershipRole.STAFF).user)

    assert client.get(programme_translate_url()).status_code == 404
    assert client.get(session_translate_url()).status_code == 404


# The translate pages in the permission matrix (tests/test_permission_matrix.py lists these names).
ENDPOINTS = [
    ("sessions_app:programme_translate", programme_translate_url),
    ("sessions_app:session_translate", session_translate_url),
]
PEOPLE = {  # who: status for GET (POST is the same, and saves only for those allowed)
    "anonymous": "sign-in",
    "member": 403,
    "other_federation_staff": 403,
    "organiser_staff": 200,
    "co_host_staff": 200,
    "admin": 200,
}


def person(who: str, world):
    return {
        "anonymous": lambda: None,
        "member": lambda: MembershipFactory(organisation=OrganisationFactory(parent=world["co_host"])).user,
        "other_federation_staff": lambda: (
            MembershipFactory(organisation=FederationFactory(), role=MembershipRole.STAFF).user
        ),
        "organiser_staff": lambda: world["staff"],
        "co_host_staff": lambda: (
            MembershipFactory(organisation=world["co_host"], role=MembershipRole.STAFF).user
        ),
        "admin": lambda: UserFactory(is_superuser=True, is_staff=True),
    }[who]()


@pytest.mark.parametrize("who", list(PEOPLE), ids=list(PEOPLE))
@pytest.mark.parametrize(("name", "url"), ENDPOINTS, ids=[name for name, _url in ENDPOINTS])
def test_translate_pages_permission_matrix(client, world, who, name, url):
    someone = person(who, world)
    if someone is not None:
        client.force_login(someone)

    page = client.get(url())
    posted = client.post(url(), {**PROGRAMME_IT, **SESSION_IT})

    expected = PEOPLE[who]
    if expected == "sign-in":
        assert page.url.startswith(reverse("account_login"))
        assert posted.url.startswith(reverse("account_login"))
    else:
        assert page.status_code == expected
        assert posted.status_code == (302 if expected == 200 else expected)
    saved = ProgrammeTranslation.objects.exists() or SessionTranslation.objects.exists()
    assert saved == (expected == 200)


# --- Writing the text's language: forms and services -------------------------------------------------


def test_a_new_programme_starts_in_the_writers_language(client, world):
    world["staff"].preferred_language = "ro"
    world["staff"].save()
    client.force_login(world["staff"])

    page = client.get(reverse("sessions_app:programme_create")).text

    assert '<option value="ro" selected>' in page


def test_a_new_session_starts_in_its_programmes_language(client, world):
    world["programme"].original_language = "it"
    world["programme"].save()
    client.force_login(world["staff"])
    url = reverse("sessions_app:session_create", args=["digital-transitions"])

    page = client.get(url).text
    response = client.post(
        url,
        {
            "title": "Bisogni",
            "time_zone": "Europe/Rome",
            "starts_local": "2030-10-25T10:00",
            "ends_local": "2030-10-25T12:00",
            "language": "en",
        },
    )

    assert '<option value="it" selected>' in page.split('name="original_language"')[1].split("</select>")[0]
    assert response.status_code == 302
    assert Session.objects.get(title="Bisogni").original_language == "it"


def test_the_edit_form_changes_the_sessions_text_language(client, world):
    client.force_login(world["staff"])
    url = reverse("sessions_app:session_edit", args=["digital-transitions", 1])

    response = client.post(
        url,
        {
            "title": "Needs of cooperatives",
            "time_zone": "Europe/Rome",
            "starts_local": "2030-10-25T10:00",
            "ends_local": "2030-10-25T12:00",
            "language": "en",
            "original_language": "mt",
            "status": "scheduled",
        },
    )

    assert response.status_code == 302
    assert Session.objects.get(pk=world["session"].pk).original_language == "mt"


def test_the_programme_form_refuses_a_language_the_portal_does_not_offer(client, world):
    client.force_login(world["staff"])

    response = client.post(
        reverse("sessions_app:programme_edit", args=["digital-transitions"]),
        {
            "title": "Digital transitions",
            "organiser": world["programme"].organiser_id,
            "status": "published",
            "visibility": "public",
            "original_language": "de",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_the_session_service_defaults_to_the_programmes_language(world):
    world["programme"].original_language = "bg"

    session = programme_services.session_create(
        programme=world["programme"],
        title="Нужди",
        starts_at=timezone.now() + timedelta(days=9),
        organiser_time_zone="Europe/Sofia",
    )
    copy = programme_services.session_duplicate(session=session)

    assert session.original_language == "bg"
    assert copy.original_language == "bg"


# --- For e-mails and calendar files: a given language, with fallback -------------------------------


def test_session_text_in_a_given_language(world, django_assert_num_queries):
    translate(world)
    session = Session.objects.get(pk=world["session"].pk)

    italian = session_text(session, "it")
    finnish = session_text(session, "fi")
    with django_assert_num_queries(0):
        english = session_text(session, "en")  # the original: no query

    assert (italian.title, italian.agenda, italian.is_fallback) == (
        "Bisogni delle cooperative",
        "Un **giro** di tavolo.",
        False,
    )
    assert (finnish.title, finnish.language, finnish.is_fallback) == ("Needs of cooperatives", "en", True)
    assert (english.title, english.is_fallback) == ("Needs of cooperatives", False)
    assert programme_text(world["programme"], "it").title == "Transizioni digitali"


def test_session_text_uses_prefetched_translations(world, django_assert_num_queries):
    translate(world)
    sessions = list(Session.objects.prefetch_related("translations"))

    with django_assert_num_queries(0):
        titles = [session_text(session, "it").title for session in sessions]

    assert titles == ["Bisogni delle cooperative"]


# --- Admin ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["programme", "session", "summary"])
def test_the_admin_edits_translations_inline(client, world, model):
    SummaryFactory(session=world["session"])
    translate(world)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    obj = {"programme": world["programme"], "session": world["session"], "summary": world["session"].summary}

    page = client.get(reverse(f"admin:sessions_app_{model}_change", args=[obj[model].pk])).text

    assert 'name="translations-TOTAL_FORMS"' in page
