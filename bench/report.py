"""The results: medians and min-max spreads, ratios to the floors of the same repetition, PASS/FAIL
against each target, a Markdown table (printed and written) and the raw numbers in JSON."""

import json
import statistics
from datetime import UTC, datetime
from pathlib import Path

from bench.measures import Measure

RESULTS = Path(__file__).resolve().parent / "results"
MAX_QUERIES = 10
MAX_WORKER_RSS_MB = 150
REMINDERS_TARGET = 0.3  # x T0


def spread(values: list[float]) -> dict:
    if not values:
        return {"median": None, "min": None, "max": None}
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _ratios(runs: dict, key: str, of: str) -> list[float]:
    pairs = zip(runs.get(key, []), runs.get(of, []), strict=False)
    return [mine["rps"] / theirs["rps"] for mine, theirs in pairs if theirs["rps"]]


def summarise(measure: Measure, runs: dict, queries: dict) -> dict:
    mine = runs.get(measure.key, [])
    counted = queries.get(measure.key, {})
    row = {
        "label": measure.label,
        "path": measure.path,
        "server": measure.server,
        "who": measure.who,
        "runs": mine,
        "rps": spread([run["rps"] for run in mine]),
        "p50_ms": spread([run["p50_ms"] for run in mine]),
        "p99_ms": spread([run["p99_ms"] for run in mine]),
        "errors": sum(run["errors"] for run in mine),
        "bytes_per_response": round(mine[-1]["bytes"] / mine[-1]["requests"])
        if mine and mine[-1]["requests"]
        else 0,
        "queries": counted.get("queries"),
        "status": counted.get("status"),
        "sql": counted.get("sql", []),
    }
    if measure.target:
        target = measure.target
        row["target"] = target.describe()
        row["ratio"] = spread(_ratios(runs, measure.key, target.of))
        ok = row["ratio"]["median"] is not None and row["ratio"]["median"] >= target.ratio
        if target.p99_ms:
            ok = ok and row["p99_ms"]["median"] is not None and row["p99_ms"]["median"] <= target.p99_ms
        if target.zero_errors:
            ok = ok and row["errors"] == 0 and bool(mine)
        row["pass"] = ok
    return row


def build(
    *, meta: dict, measures: list[Measure], runs: dict, queries: dict, memory: dict, work: dict
) -> dict:
    rows = {measure.key: summarise(measure, runs, queries) for measure in measures}
    checks = [
        {"check": f"{row['label']} {row['target']}", "value": row["ratio"]["median"], "pass": row["pass"]}
        for row in rows.values()
        if "target" in row
    ]
    too_many = {
        m.key: rows[m.key]["queries"]
        for m in measures
        if m.is_page and (rows[m.key]["queries"] or 0) > MAX_QUERIES
    }
    checks.append(
        {"check": f"queries per page <= {MAX_QUERIES}", "value": too_many or "all", "pass": not too_many}
    )
    if work.get("reminders"):
        ratios = [
            r["per_second"] / t["per_second"] for r, t in zip(work["reminders"], work["T0"], strict=False)
        ]
        work["ratio"] = spread(ratios)
        work["pass"] = work["ratio"]["median"] >= REMINDERS_TARGET
        checks.append(
            {
                "check": f"reminders >= {REMINDERS_TARGET} x T0",
                "value": work["ratio"]["median"],
                "pass": work["pass"],
            }
        )
    rss = max(memory.get("main", []) or [0])
    checks.append(
        {
            "check": f"gunicorn worker RSS <= {MAX_WORKER_RSS_MB} MB",
            "value": rss,
            "pass": rss <= MAX_WORKER_RSS_MB,
        }
    )
    return {"meta": meta, "measures": rows, "work": work, "memory": memory, "checks": checks}


def _num(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _range(values: dict, digits: int = 1) -> str:
    if values["median"] is None:
        return "–"
    if values["min"] == values["max"]:
        return _num(values["median"], digits)
    return f"{_num(values['median'], digits)} ({_num(values['min'], digits)}–{_num(values['max'], digits)})"


def _verdict(passed: bool | None) -> str:
    return "" if passed is None else ("PASS" if passed else "**FAIL**")


def markdown(results: dict) -> str:
    meta = results["meta"]
    lines = [
        f"# Benchmark, {meta['mode']} run of {meta['date']}",
        "",
        f"Commit {meta['commit']}; {meta['cpu']}, {meta['cores']} cores; server {meta['pinning']}. "
        f"Data at scale {meta['scale']:g}: {meta['sizes_text']}. {meta['repetitions']} interleaved "
        f"repetition(s) of {meta['duration']:g} s per measure after a {meta['warmup']:g} s warm-up; "
        f"gunicorn {meta['workers']} sync workers, wrk {meta['connections']} connections. "
        "Medians, with the min–max spread in brackets; ratios are taken within each repetition. "
        f"Load average (1 min) {meta['load_average_at_start'][0]:.1f} at the start, "
        f"{meta['load_average_at_end'][0]:.1f} at the end (other work on the machine).",
        "",
        "| measure | req/s | p50 ms | p99 ms | queries | errors | ratio | target | result |",
        "|---|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for row in results["measures"].values():
        ratio = _range(row["ratio"], 2) if "ratio" in row else ""
        lines.append(
            f"| {row['label']} | {_range(row['rps'])} | {_num(row['p50_ms']['median'])} | "
            f"{_num(row['p99_ms']['median'])} | {row['queries'] if row['queries'] is not None else '–'} | "
            f"{row['errors']} | {ratio} | {row.get('target', 'floor')} | {_verdict(row.get('pass'))} |"
        )
    work = results["work"]
    if work.get("reminders"):
        t0, reminders = work["T0"], work["reminders"]
        lines += [
            "",
            "| work (one Celery worker, concurrency 2, Redis) | per second | seconds | ratio | target "
            "| result |",
            "|---|--:|--:|--:|---|---|",
            f"| T0 no-op tasks ({t0[0]['tasks']:,}) | {_range(spread([r['per_second'] for r in t0]))} | "
            f"{_num(statistics.median(r['seconds'] for r in t0), 2)} | | floor | |",
            f"| reminders due at once ({reminders[0]['reminders']:,}) into the outbox"
            + ("" if all(r["complete"] for r in reminders) else ", rate within the time window")
            + " | "
            f"{_range(spread([r['per_second'] for r in reminders]))} | "
            f"{_num(statistics.median(r['seconds'] for r in reminders), 2)} | {_range(work['ratio'], 2)} | "
            f">= {REMINDERS_TARGET} x T0 | {_verdict(work['pass'])} |",
        ]
    memory = results["memory"]
    lines += [
        "",
        "Memory after the run (RSS, MB): gunicorn workers "
        + ", ".join(f"{name} {values}" for name, values in memory.items() if name != "celery")
        + (f"; Celery worker {memory['celery']}" if "celery" in memory else "")
        + ".",
        "",
        "| check | value | result |",
        "|---|---|---|",
    ]
    for check in results["checks"]:
        value = check["value"]
        shown = _num(value, 2) if isinstance(value, float) else str(value)
        lines.append(f"| {check['check']} | {shown} | {_verdict(check['pass'])} |")
    failed = sum(not check["pass"] for check in results["checks"])
    lines += ["", f"{len(results['checks']) - failed} PASS, {failed} FAIL."]
    return "\n".join(lines) + "\n"


def write(results: dict, *, latest: bool) -> list[Path]:
    """<date>-<mode>.json and .md under bench/results/, and latest.md for a full run."""
    RESULTS.mkdir(exist_ok=True)
    stem = f"{results['meta']['date']}-{results['meta']['mode']}"
    text = markdown(results)
    paths = [RESULTS / f"{stem}.json", RESULTS / f"{stem}.md"]
    paths[0].write_text(json.dumps(results, indent=1, default=str) + "\n")
    paths[1].write_text(text)
    if latest:
        paths.append(RESULTS / "latest.md")
        paths[-1].write_text(text)
    return paths


def today() -> str:
    return datetime.now(tz=UTC).strftime("%Y-%m-%d")
