"""The portal as real processes for one soak test: a private redis-server, gunicorn, Celery workers, beat.

Every process shares the test database (PostgreSQL, committed rows only) and the private Redis (broker
and cache), and writes its e-mails as .eml files into one outbox folder. Nothing here touches the
machine's own Redis: the private one is started on a free port and may be stopped and started again.
"""

import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout: float = 60, every: float = 0.1) -> bool:
    """Poll ``predicate`` until it is true (True) or ``timeout`` seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_for_processes() -> str:
    """The test database (the one pytest-django created) as a URL for the processes."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def answers(port: int, payload: bytes = b"") -> bytes:
    """What a TCP server on loopback ``port`` says to ``payload`` (b"" when nothing listens)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            if payload:
                conn.sendall(payload)
                return conn.recv(64)
            return b"connected"
    except OSError:
        return b""


@dataclass
class Stack:
    folder: Path
    database_url: str
    secret_key: str
    claim_timeout: int = 5  # seconds before a claim left by a dead worker or a lost message is retaken
    redis_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    processes: dict = field(default_factory=dict)  # name -> (Popen, log file)

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def outbox(self) -> Path:
        return self.folder / "outbox"

    def env(self) -> dict:
        from os import environ

        return {
            **{name: value for name, value in environ.items() if name not in {"EMAIL_URL", "PYTEST_ADDOPTS"}},
            "DJANGO_ENV": "local",
            "DJANGO_SETTINGS_MODULE": "portal.settings.local",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": self.secret_key,  # the test process signs the session cookies
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "PORTAL_VAR_DIR": str(self.folder),
            "PORTAL_OUTBOX_DIR": str(self.outbox),
            "PORTAL_SITE_URL": self.base_url,
            "PORTAL_REMINDER_CLAIM_TIMEOUT": str(self.claim_timeout),
        }

    # Starting and stopping ---------------------------------------------------------------------------

    def start(self, *, web: int = 0, workers: int = 0, beat: bool = False) -> None:
        """Redis, then ``web`` gunicorn sync workers, ``workers`` Celery workers and beat; all ready."""
        self.start_redis()
        if web:
            self.start_web(web)
        for number in range(1, workers + 1):
            self.start_worker(f"worker-{number}")
        if beat:
            self.start_beat()
        self.wait_until_ready()

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        # Named in pg_stat_activity, so a test can tell which process waits for which lock.
        env = {**self.env(), "DATABASE_URL": f"{self.database_url}?application_name={name}"}
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes[name] = (process, log)
        return process

    def start_redis(self) -> None:
        self._spawn(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--dir", str(self.folder)],
        )  # fmt: skip
        assert wait_for(lambda: answers(self.redis_port, b"PING\r\n").startswith(b"+PONG"), 20), self.logs()

    def stop_redis(self) -> None:
        """SIGTERM, as a service manager stops it; without persistence it comes back empty."""
        self.stop("redis")
        assert wait_for(lambda: answers(self.redis_port) == b"", 10)

    def start_web(self, workers: int = 4) -> None:
        self._spawn(
            "web",
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind",
             f"127.0.0.1:{self.web_port}", "--workers", str(workers), "--worker-class", "sync",
             "--preload", "--timeout", "60", "--graceful-timeout", "10", "--backlog", "512",
             "--error-logfile", "-"],
        )  # fmt: skip

    def start_worker(self, name: str) -> subprocess.Popen:
        return self._spawn(
            name,
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=INFO",
             "-n", f"{name}-{self.redis_port}@%h", "--without-mingle", "--without-gossip"],
        )  # fmt: skip

    def start_beat(self) -> None:
        self._spawn(
            "beat",
            [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO",
             f"--schedule={self.folder / 'celerybeat-schedule'}"],
        )  # fmt: skip

    def wait_until_ready(self, timeout: float = 60) -> None:
        def ready(name: str) -> bool:
            log = (self.folder / f"{name}.log").read_text()
            if name == "web":
                return "Booting worker" in log and answers(self.web_port) != b""
            if name == "beat":
                return "beat: Starting..." in log
            return name == "redis" or " ready." in log

        for name, (process, _log) in self.processes.items():
            assert wait_for(lambda n=name, p=process: p.poll() is None and ready(n), timeout), self.logs()

    def stop(self, *names: str) -> None:
        """SIGTERM (a warm shutdown) to each, all at once; SIGKILL for any still alive after 30 s.
        Without names: everything, Redis last (workers shut down faster with their broker there)."""
        if not names:
            self.stop(*[name for name in self.processes if name != "redis"])
            names = tuple(self.processes)
        stopping = [self.processes.pop(name) for name in names]
        for process, _log in stopping:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, log in stopping:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            log.close()

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown, no acknowledgement, no cleanup."""
        process, log = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        log.close()

    def logs(self, lines: int = 40) -> str:
        return "\n".join(
            f"--- {path.name} ---\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            for path in sorted(self.folder.glob("*.log"))
        )

    # The outbox --------------------------------------------------------------------------------------

    def emails(self) -> Counter:
        """How many e-mails each (recipient, subject) pair received."""
        if not self.outbox.exists():
            return Counter()
        parser = BytesHeaderParser(policy=policy.default)
        found = Counter()
        for path in self.outbox.glob("*.eml"):
            headers = parser.parsebytes(path.read_bytes())
            found[str(headers["To"]), str(headers["Subject"])] += 1
        return found
