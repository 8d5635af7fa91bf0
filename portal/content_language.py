"""Content in several languages (practices, and later programmes and sessions): which text a reader
sees, and what the page tells them about it. The reader's language if a translation exists, else the
original, said so ("Shown in Italian, the original")."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info


@dataclass(frozen=True)
class ShownText:
    fields: dict[str, str]
    language: str  # the language the text is in
    original_language: str
    wanted_language: str  # the reader's

    def __getattr__(self, name: str) -> str:
        try:
            return self.fields[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def is_fallback(self) -> bool:
        """The reader wanted another language, and no translation into it exists."""
        return self.language != self.wanted_language

    @property
    def is_translation(self) -> bool:
        return self.language != self.original_language

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def original_language_name(self) -> str:
        return language_name(self.original_language)


def reader_language() -> str:
    """The active language's code, without a region ("pt-br" -> "pt")."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def language_name(code: str) -> str:
    """The language's name in the reader's language ("italiano" reads "Italian" to an English reader)."""
    names = dict(settings.LANGUAGES)
    return str(names.get(code) or get_language_info(code)["name"]) if code else ""


def shown_text(
    *,
    original: dict[str, str],
    original_language: str,
    translated: dict[str, str | None],
    required: str = "title",
) -> ShownText:
    """``translated`` holds the reader's-language fields, or Nones when there is no translation.
    ``required`` names the field every translation has (a title; a summary's body)."""
    wanted = reader_language()
    if wanted != original_language and translated.get(required):
        fields = {name: translated.get(name) or value for name, value in original.items()}
        return ShownText(fields, wanted, original_language, wanted)
    return ShownText(dict(original), original_language, original_language, wanted)


def translation_statuses(
    original_language: str, done: Iterable[str], url: Callable[[str], str]
) -> list[dict]:
    """Every offered language but the original: its name, whether a translation exists, its page (for
    the people who may translate, under the text and on the translate pages)."""
    done = set(done)
    return [
        {"code": code, "name": language_name(code), "done": code in done, "url": url(code)}
        for code, _name in settings.LANGUAGES
        if code != original_language
    ]
