import ipaddress
import os
import socket
import uuid

import pytest


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX path
        return True
    host = address[0]
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _only_loopback_network(monkeypatch):
    """Fail any test that opens a network connection beyond this machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method):
        def connect(self, address):
            if not _is_loopback(address):
                pytest.fail(f"test tried to reach {address!r}: only loopback is allowed")
            return method(self, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))


@pytest.fixture(autouse=True)
def _outbox_in_tmp(settings, tmp_path):
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With PORTAL_FORBID_SKIPS=1 (CI's PostgreSQL run) a skipped test is a failure: nothing may hide."""
    report = yield
    if os.environ.get("PORTAL_FORBID_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped where nothing may be skipped: {report.longrepr}"
    return report


@pytest.fixture(autouse=True)
def _cache_of_its_own(settings):
    """Each test sees an empty cache, even on a shared Redis (a key prefix of its own, nothing flushed)."""
    default = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": uuid.uuid4().hex}}
