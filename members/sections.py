"""Sections that higher apps add to the organisation page, without members importing them.

``practices`` and ``sessions_app`` register a section in their ``AppConfig.ready()``: a template and a
function returning its context for one organisation and viewer (a constant number of queries). The
organisation page renders each section whose context is not empty.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OrganisationSection:
    template: str
    context: Callable[..., dict | None]  # (organisation, user) -> context, or None to hide the section


SECTIONS: list[OrganisationSection] = []


def register(section: OrganisationSection) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)


def sections_for(organisation, user) -> list[tuple[str, dict]]:
    rendered = []
    for section in SECTIONS:
        context = section.context(organisation, user)
        if context:
            rendered.append((section.template, context))
    return rendered
