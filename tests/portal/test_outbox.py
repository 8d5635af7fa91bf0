import os
import time

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from portal.mail import OutboxEmailBackend
from portal.outbox import outbox_messages
from portal.services import outbox_cleanup


def send(subject: str, to: str = "reader@example.org") -> None:
    EmailMessage(subject, "Body with a link https://example.org/x", to=[to]).send()


@pytest.fixture
def file_outbox(settings):
    settings.MAILERS = {"default": {"BACKEND": "portal.mail.OutboxEmailBackend"}}


def test_outbox_backend_writes_one_file_per_message(file_outbox, settings):
    send("First")
    send("Second", to="other@example.org")

    files = sorted(settings.EMAIL_OUTBOX_DIR.glob("*.eml"))
    messages = outbox_messages()
    assert len(files) == 2
    assert [m.subject for m in messages] == ["Second", "First"]
    assert messages[0].to == "other@example.org"
    assert "https://example.org/x" in messages[0].body


def test_outbox_backend_counts_what_it_sent(settings):
    backend = OutboxEmailBackend()
    messages = [EmailMessage(f"m{i}", "b", to=["a@example.org"]) for i in range(3)]

    assert backend.send_messages(messages) == 3
    assert len(list(settings.EMAIL_OUTBOX_DIR.glob("*.eml"))) == 3


def test_outbox_page_lists_and_shows_messages_in_debug(client, settings, file_outbox):
    settings.DEBUG = True
    send("Please confirm your e-mail")
    name = outbox_messages()[0].name

    listing = client.get(reverse("dev_outbox"))
    detail = client.get(reverse("dev_outbox_message", args=[name]))

    assert listing.status_code == 200
    assert "Please confirm your e-mail" in listing.text
    assert detail.status_code == 200
    assert "https://example.org/x" in detail.text


@pytest.mark.parametrize(
    "path",
    ["/dev/outbox/..%2F..%2Fmanage.py", "/dev/outbox/nope.eml", "/dev/outbox/x.txt"],
    ids=["traversal", "missing", "not-eml"],
)
def test_outbox_message_page_404s_for_anything_but_an_outbox_file(client, settings, path):
    settings.DEBUG = True

    assert client.get(path).status_code == 404


def test_outbox_pages_do_not_exist_without_debug(client, settings, file_outbox):
    settings.DEBUG = False
    send("secret")

    assert client.get(reverse("dev_outbox")).status_code == 404
    assert client.get(reverse("dev_outbox_message", args=[outbox_messages()[0].name])).status_code == 404


def test_outbox_cleanup_removes_only_old_messages(file_outbox, settings):
    send("old")
    send("new")
    old = sorted(settings.EMAIL_OUTBOX_DIR.glob("*.eml"))[0]
    long_ago = time.time() - 40 * 86400
    os.utime(old, (long_ago, long_ago))

    assert outbox_cleanup(keep_days=30) == 1
    assert outbox_cleanup(keep_days=30) == 0
    assert [m.subject for m in outbox_messages()] == ["new"]
