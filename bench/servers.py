"""gunicorn servers pinned to one core, wrk pinned to the other, and memory read from /proc."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "wrk" / "replay.lua"
WORKERS = 2  # gunicorn sync workers: 2 x the one core they are pinned to
CONNECTIONS = 2  # one per worker: each request is served as soon as it arrives, none waits in a queue


def cpus() -> tuple[list[str], list[str]]:
    """taskset prefixes for the server side and the load side ([] when there is only one core)."""
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return [], []
    return ["taskset", "-c", str(available[0])], ["taskset", "-c", str(available[1])]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@dataclass
class Server:
    name: str
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        server_cpu, _ = cpus()
        command = [
            *server_cpu, sys.executable, "-m", "gunicorn", "portal.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS), "--worker-class", "sync",
            "--timeout", "120", "--log-level", "warning", "--worker-tmp-dir", "/dev/shm",  # noqa: S108 - gunicorn's advice
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/bench/trivial/", timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200 and len(children(self.process.pid)) >= WORKERS:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(
            f"server {self.name} did not answer in {timeout:.0f} s: {self.log.read_text()[-2000:]}"
        )

    def worker_rss(self) -> list[float]:
        return [round(rss_mb(pid), 1) for pid in children(self.process.pid)]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(server: Server, requests: Path, *, seconds: float, first: int = 0) -> dict:
    """One wrk run against ``server`` replaying ``requests`` from line ``first``: the BENCH_JSON numbers
    plus requests per second."""
    _, load_cpu = cpus()
    command = [
        *load_cpu, "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
        "-s", str(LUA), f"{server.url}/", "--", str(requests), str(first),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)  # noqa: S603
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            seconds_run = result["duration_us"] / 1e6
            errors = sum(result[kind] for kind in ("connect", "read", "write", "status", "timeout"))
            return {
                **result,
                "rps": result["requests"] / seconds_run if seconds_run else 0.0,
                "errors": errors,
                "p50_ms": result["p50_us"] / 1000,
                "p99_ms": result["p99_us"] / 1000,
            }
    raise RuntimeError(
        f"wrk gave no result (exit {done.returncode}): {done.stdout[-1000:]} {done.stderr[-1000:]}"
    )
