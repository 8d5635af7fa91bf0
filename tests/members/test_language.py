"""The language switcher and the profile's language: what a reader sees after choosing one."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories.members import UserFactory

SWITCH = reverse("members:set_language")


def translated(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.django_db
def test_a_visitor_switches_to_italian_and_stays_on_the_same_page(client):
    response = client.post(SWITCH, {"language": "it", "next": "/practices/?q=cloud"})

    assert response.status_code == 302
    assert response.url == "/practices/?q=cloud"
    page = client.get("/practices/").text
    assert '<html lang="it">' in page
    assert translated("Practices", "it") != "Practices"
    assert f">{translated('Practices', 'it')}</a>" in page


@pytest.mark.django_db
def test_a_signed_in_persons_choice_is_kept_in_their_profile(client):
    person = UserFactory(preferred_language="en")
    client.force_login(person)

    client.post(SWITCH, {"language": "fi", "next": "/"})

    person.refresh_from_db()
    assert person.preferred_language == "fi"
    on_another_device = Client()
    on_another_device.force_login(person)
    assert '<html lang="fi">' in on_another_device.get("/").text


@pytest.mark.django_db
def test_the_profile_language_wins_over_the_browsers(client):
    person = UserFactory(preferred_language="bg")
    client.force_login(person)

    page = client.get("/", headers={"accept-language": "sv"}).text

    assert '<html lang="bg">' in page


@pytest.mark.django_db
def test_a_visitor_without_a_choice_gets_the_browsers_language(client):
    page = client.get("/", headers={"accept-language": "ro,en;q=0.5"}).text

    assert '<html lang="ro">' in page


@pytest.mark.django_db
def test_an_unknown_language_is_refused_with_a_message(client):
    response = client.post(SWITCH, {"language": "xx", "next": "/"}, follow=True)

    assert "That language is not available." in response.text
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies or client.cookies[
        settings.LANGUAGE_COOKIE_NAME
    ].value in dict(settings.LANGUAGES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/path"], ids=["absolute", "scheme-relative"]
)
def test_the_switcher_never_redirects_off_site(client, target):
    response = client.post(SWITCH, {"language": "pl", "next": target})

    assert response.url == "/"


@pytest.mark.django_db
def test_the_switcher_is_on_every_page_and_lists_the_eight_languages(client):
    page = client.get("/").text

    assert f'action="{SWITCH}"' in page
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in page
    assert ">Malti</option>" in page


@pytest.mark.django_db
def test_the_switcher_needs_a_post(client):
    assert client.get(SWITCH).status_code == 405
