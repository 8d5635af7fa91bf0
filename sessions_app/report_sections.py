"""Sections that higher apps add to the programme report, without sessions_app importing them.

``assessments`` registers "commitments and their outcomes" from its ``AppConfig.ready()``: a template
and a function returning its context for one programme and reader (a constant number of queries).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportSection:
    template: str
    context: Callable[..., dict | None]  # (programme, user) -> context, or None to hide the section


SECTIONS: list[ReportSection] = []


def register(section: ReportSection) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)


def sections_for(programme, user) -> list[tuple[str, dict]]:
    rendered = []
    for section in SECTIONS:
        context = section.context(programme, user)
        if context:
            rendered.append((section.template, context))
    return rendered
