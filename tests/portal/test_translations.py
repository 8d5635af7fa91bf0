"""The eight interface languages: complete catalogues, compiled as committed, and nothing in the code
that `make messages` would still have to extract."""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.portal.pofiles import read_po

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")
SOURCE_DIRS = ["portal", "members", "practices", "sessions_app", "assessments", "templates"]


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    entries = read_po(catalogue(language))[1:]  # the first entry is the header

    untranslated = [entry.msgid for entry in entries if not all(entry.msgstr.values())]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]

    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for entry in read_po(catalogue(language))[1:]:
        expected = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for index, text in entry.msgstr.items():
            found = set(PLACEHOLDER.findall(text))
            # A singular may leave out the number ("one hour" for "%(counter)s hours").
            if found != expected and not (entry.msgid_plural and index == 0 and found <= expected):
                wrong.append((entry.msgid, index, text))

    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_names_the_language_and_its_plural_forms(language):
    header = read_po(catalogue(language))[0]

    assert "fuzzy" not in header.flags  # a fuzzy header is ignored by msgfmt, and with it the charset
    assert f"Language: {language}\n" in header.msgstr[0]
    assert re.search(r"Plural-Forms: nplurals=\d+; plural=", header.msgstr[0])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    with po.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    for entry in read_po(po)[1:]:
        if entry.msgid_plural:
            assert translations._catalog[(entry.key, 0)] == entry.msgstr[0], entry.msgid
        else:
            assert translations._catalog[entry.key] == entry.msgstr[0], entry.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (xgettext), like make messages")
def test_make_messages_would_find_nothing_new(tmp_path, monkeypatch, settings):
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]

    call_command("makemessages", locale=["en"], verbosity=0, no_obsolete=True)

    extracted = {entry.key for entry in read_po(tmp_path / "locale/en/LC_MESSAGES/django.po")[1:]}
    committed = {entry.key for entry in read_po(catalogue("en"))[1:]}
    assert sorted(extracted - committed) == []  # new strings: run `make messages` and translate them
    assert sorted(committed - extracted) == []  # strings the code no longer uses


@pytest.mark.parametrize("app", ["members", "practices", "sessions_app", "assessments", "portal"])
def test_every_model_and_field_label_is_marked_for_translation(app):
    from django.apps import apps
    from django.utils.functional import Promise

    plain = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if hasattr(field, "verbose_name")
        and not field.auto_created
        and not isinstance(field.verbose_name, Promise)
    ]
    plain += [
        model.__name__
        for model in apps.get_app_config(app).get_models()
        if not isinstance(model._meta.verbose_name, Promise)
    ]

    assert plain == []
