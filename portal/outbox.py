"""Reading the local outbox folder (development and tests)."""

import email
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    sent_at: datetime
    subject: str
    to: str
    message: EmailMessage

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part else ""


def outbox_dir() -> Path:
    return Path(settings.EMAIL_OUTBOX_DIR)


def outbox_messages() -> list[OutboxMessage]:
    """Every message in the outbox, newest first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    return sorted(
        (read_message(path) for path in folder.glob("*.eml")),
        key=lambda m: m.name,
        reverse=True,
    )


def read_message(path: Path) -> OutboxMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return OutboxMessage(
        name=path.name,
        sent_at=datetime.fromtimestamp(path.stat().st_mtime, tz=UTC),
        subject=str(parsed.get("Subject", "")),
        to=str(parsed.get("To", "")),
        message=parsed,
    )


def outbox_message(name: str) -> OutboxMessage | None:
    path = outbox_dir() / name
    # Only plain names of existing .eml files: no path tricks.
    if Path(name).name != name or path.suffix != ".eml" or not path.is_file():
        return None
    return read_message(path)
