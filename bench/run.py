"""``make bench``: generate the data, serve it with gunicorn, load it with wrk, run the Celery worker,
report. ``make bench-smoke`` (``--smoke``): 1/100 of the data, short runs, one repetition.

Exit status: 0 when the benchmark ran, whatever the ratios (they are printed as PASS/FAIL); 1 when it
could not run properly (a page did not answer as expected, a server or the worker failed); 2 when a
tool or service is missing.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import environment, queries, report
from bench.environment import say
from bench.measures import POST, Credentials, measures, write_request_files
from bench.servers import CONNECTIONS, WORKERS, Server, cpus, wrk
from bench.worker import Worker, due_reminders, noop_rate, reminder_rate, reminder_warmup

READ = {"capture_output": True, "text": True, "check": False}


@dataclass(frozen=True)
class Plan:
    mode: str
    scale: float
    database: str
    duration: float  # seconds per measurement
    warmup: float
    repetitions: int
    work_window: float = 150  # seconds: the reminders' rate is of those sent within it
    work_budget: float = 480  # seconds: no further worker repetition starts that would end after it
    work: bool = True
    keep: bool = False

    @classmethod
    def from_args(cls, args) -> "Plan":
        if args.smoke:
            plan = cls(
                "smoke", 0.01, "portal_bench_smoke", duration=2, warmup=1, repetitions=1, work_budget=60
            )
        else:
            plan = cls("full", 1.0, "portal_bench", duration=10, warmup=5, repetitions=3)
        changes = {"work": not args.no_work, "keep": args.keep}
        if args.scale is not None and args.scale != plan.scale:
            changes.update(scale=args.scale, mode=f"scale{args.scale:g}")
        for name in ("duration", "warmup", "repetitions", "work_window"):
            if getattr(args, name) is not None:
                changes[name] = getattr(args, name)
        return cls(**{**asdict(plan), **changes})


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1/100 of the data, short runs, one repetition")
    parser.add_argument("--scale", type=float, help="data size as a fraction of the issue's (1 = full)")
    parser.add_argument("--duration", type=float, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per measure")
    parser.add_argument("--repetitions", type=int, help="interleaved repetitions")
    parser.add_argument("--work-window", type=float, help="seconds within which reminders are counted")
    parser.add_argument("--no-work", action="store_true", help="skip the Celery worker part")
    parser.add_argument("--keep", action="store_true", help="keep the database and the run's folder")
    return parser.parse_args(argv)


def measure_web(plan: Plan, servers: dict[str, Server], files: dict[str, Path], manifest) -> dict:
    """Warm-up, then the repetitions, each going through every measure (starting one further on)."""
    chosen = measures(manifest)
    runs = {measure.key: [] for measure in chosen}
    post_lines = sum(1 for _ in files["registration"].open())
    next_post = 0

    def run(measure, seconds: float) -> dict:
        nonlocal next_post
        first = next_post if measure.who == POST else 0
        result = wrk(servers[measure.server], files[measure.key], seconds=seconds, first=first)
        if measure.who == POST:  # never the same person twice for a session (in flight ones included)
            next_post += result["requests"] + CONNECTIONS + 1
            result["people_reused"] = next_post > post_lines
        return result

    say(f"warming up ({plan.warmup:g} s per measure)")
    for measure in chosen:
        run(measure, plan.warmup)
    for repetition in range(plan.repetitions):
        shift = repetition * 5 % len(chosen)
        for measure in chosen[shift:] + chosen[:shift]:
            result = run(measure, plan.duration)
            runs[measure.key].append(result)
            say(
                f"  {repetition + 1}/{plan.repetitions} {measure.key:<26} {result['rps']:9.1f} req/s  "
                f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}"
            )
    return runs


def measure_work(plan: Plan, bench: environment.BenchEnvironment, manifest) -> tuple[dict, dict]:
    from portal.celery import app

    app.control.purge()  # the registration POSTs queued e-mails: not this worker's business
    outbox = Path(bench.variables["PORTAL_OUTBOX_DIR"])
    worker = Worker(env=bench.process_env(), log=bench.folder / "worker.log")
    due = due_reminders().count()
    tasks = min(max(due, 2_000), 5_000)
    work = {"T0": [], "reminders": []}
    say(f"Celery worker: {due:,} reminders due at once; T0 with {tasks:,} no-op tasks")
    worker.start()
    try:
        worker.wait_ready(app)
        reminder_warmup(app, worker)
        started = time.monotonic()
        for repetition in range(plan.repetitions):
            spent = time.monotonic() - started
            if repetition and spent + spent / repetition > plan.work_budget:
                say(f"  no repetition {repetition + 1}: it would end after the {plan.work_budget:g} s budget")
                break
            work["T0"].append(noop_rate(app, worker, tasks))
            work["reminders"].append(reminder_rate(app, worker, outbox, window=plan.work_window))
            t0, sent = work["T0"][-1], work["reminders"][-1]
            say(
                f"  {repetition + 1}/{plan.repetitions} T0 {t0['per_second']:8.1f} tasks/s  "
                f"reminders {sent['per_second']:8.1f}/s "
                f"({sent['finished']:,} of {sent['reminders']:,} in {sent['seconds']:.0f} s; "
                f"{sent['sent']:,} sent, {sent['outbox_files']:,} in the outbox)"
            )
        rss = worker.rss()
    finally:
        worker.stop()
    return work, rss


def meta(plan: Plan, manifest, load_at_start: tuple) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    server_cpu, load_cpu = cpus()
    git = ["git", "-C", str(environment.ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], **READ)  # noqa: S603 - fixed argv
    dirty = subprocess.run([*git, "status", "--porcelain"], **READ)  # noqa: S603 - read-only git
    sizes = manifest.sizes
    return {
        **asdict(plan),
        "date": report.today(),
        "commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
        "cpu": model,
        "cores": os.cpu_count(),
        "pinning": f"on CPU {server_cpu[-1]}, wrk on CPU {load_cpu[-1]}"
        if server_cpu
        else "not pinned (one core)",
        "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg(),
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "python": platform.python_version(),
        "postgres": postgres,
        "sizes": sizes,
        "sizes_text": ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in sizes.items()),
        "generation_seconds": manifest.seconds,
        "search_hits": manifest.search_hits,
        "manifest": {
            k: v for k, v in asdict(manifest).items() if k not in {"get_pool", "post_pool", "feed_tokens"}
        },
    }


def run(plan: Plan, bench: environment.BenchEnvironment) -> int:
    from bench.generate import generate

    load_at_start = os.getloadavg()
    bench.recreate_database()
    bench.flush_redis()
    bench.setup_django()
    bench.migrate()
    manifest = generate(scale=plan.scale)
    bench.collectstatic()
    credentials = Credentials.create(manifest)
    files = write_request_files(bench.folder / "requests", manifest, credentials)
    counted = queries.count(manifest, credentials)
    broken = [
        f"{m.key}: {counted[m.key]['status']} (expected {m.expect_status})"
        for m in measures(manifest)
        if m.key in counted and counted[m.key]["status"] != m.expect_status
    ]
    say("queries per request: " + ", ".join(f"{key} {value['queries']}" for key, value in counted.items()))
    env = bench.process_env()
    servers = {
        "main": Server("main", env, bench.folder / "main.log"),
        "nocache": Server("nocache", {**env, "BENCH_CACHE": "dummy"}, bench.folder / "nocache.log"),
        "floor": Server(
            "floor", {**env, "DJANGO_SETTINGS_MODULE": "bench.floor_settings"}, bench.folder / "floor.log"
        ),
    }
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready()
        runs = measure_web(plan, servers, files, manifest)
        memory = {name: server.worker_rss() for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    work = {}
    if plan.work:
        work, memory["celery"] = measure_work(plan, bench, manifest)
    results = report.build(
        meta=meta(plan, manifest, load_at_start),
        measures=measures(manifest),
        runs=runs,
        queries=counted,
        memory=memory,
        work=work,
    )
    results["broken"] = broken
    sys.stdout.write("\n" + report.markdown(results))
    for path in report.write(results, latest=plan.mode == "full"):
        say(f"written: {path.relative_to(environment.ROOT)}")
    for problem in broken:
        say(f"BROKEN: {problem}")
    return 1 if broken else 0


def main(argv: list[str] | None = None) -> int:
    plan = Plan.from_args(parse(argv))
    missing = environment.check_tools()
    if missing:
        say("the benchmark needs: " + "; ".join(missing))
        return 2
    bench = environment.BenchEnvironment.create(database=plan.database)
    say(f"benchmark {plan.mode}: scale {plan.scale:g}, database {plan.database}, folder {bench.folder}")
    try:
        return run(plan, bench)
    except Exception:  # any failure means the benchmark could not run: show why, exit 1
        traceback.print_exc()
        return 1
    finally:
        if not plan.keep:
            bench.flush_redis()
            bench.drop_database()
            shutil.rmtree(bench.folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
