"""A small reader of gettext .po files, enough for the catalogue tests (no third-party package)."""

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry, target = Entry(), None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):  # blank, or an obsolete entry
            continue
        keyword, _, rest = line.partition(" ")
        starts_entry = line.startswith("#") or keyword in ("msgctxt", "msgid")
        if starts_entry and entry.msgstr:  # the previous entry is complete
            entries.append(entry)
            entry, target = Entry(), None
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        elif keyword.startswith("msgstr"):
            target = ("msgstr", int(keyword[7:-1]) if "[" in keyword else 0)
            entry.msgstr[target[1]] = ast.literal_eval(rest)
        else:
            target = keyword
            setattr(entry, keyword, ast.literal_eval(rest))
            entry.line = entry.line or number
    if entry.msgstr:
        entries.append(entry)
    return entries


def _append(entry: Entry, target, text: str) -> None:
    if isinstance(target, tuple):
        entry.msgstr[target[1]] += text
    else:
        setattr(entry, target, getattr(entry, target) + text)
