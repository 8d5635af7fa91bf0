"""One e-mail to each of several people (staff of an organisation), each in their own language.

One message per person, so that they do not learn each other's addresses; the text is rendered once
per language among them, under that language.
"""

from collections.abc import Callable, Iterable
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation


def send_each_in_their_language(
    recipients: Iterable[tuple[str, str]], render: Callable[[], tuple[str, str]]
) -> int:
    """``recipients`` are (address, language) pairs; ``render()`` returns (subject, body) in the active
    language. Returns how many messages went."""
    messages = []
    by_language = sorted(recipients, key=lambda pair: pair[1])
    for language, group in groupby(by_language, key=lambda pair: pair[1]):
        with translation.override(language or settings.LANGUAGE_CODE):
            subject, body = render()
        messages += [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address, _language in group]
    return send_mass_mail(messages)
