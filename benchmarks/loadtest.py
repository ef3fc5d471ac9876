"""Bounded load test: 200 simulated lycéens complete a programme questionnaire at the same time.

    .venv/bin/python benchmarks/loadtest.py [--db sqlite|postgres|both] [--students 200]
                                            [--time-limit 300]

For each database (SQLite, then PostgreSQL): a fresh database with the real catalogue, gunicorn
with 2 sync workers on 127.0.0.1 (DEBUG off), then one thread per student doing what a browser
does: GET the start page, POST it with the CSRF token and cookie, GET and POST every step, GET the
results. Students are spread over the 123 programmes. Afterwards the database is checked: one
completed response per student, holding exactly the answers that student sent, and no other row.

Bounded: loopback only, at most students × 20 requests, and every phase stops by itself at
--time-limit seconds. Exit status 1 if any request failed or any response was lost or duplicated.
The load generator is the Python standard library (threads + http.client), one connection per
student; it uses far less CPU than the two gunicorn workers it drives.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from live_site import ROOT, Student, percentile, site

KINDS = ("start GET", "start POST", "step GET", "step POST", "results GET")


def verify(students: list[Student]) -> dict:
    """Compare what every student sent with what the database holds."""
    from orientation.models import Response

    rows = {r.token: r for r in Response.objects.only("token", "status", "answers", "pseudonym")}
    tokens = [s.token for s in students if s.token]
    lost = []
    for student in students:
        response = rows.get(student.token)
        if (
            response is None
            or not response.is_completed
            or response.answers != student.answers
            or response.pseudonym != f"Élève {student.number}"
        ):
            lost.append(student.number)
    return {
        "rows": len(rows),
        "lost": len(lost),
        "duplicated": (len(tokens) - len(set(tokens))) + len(set(rows) - set(tokens)),
    }


def phase(db: str, students: int, time_limit: float) -> dict:
    with (
        tempfile.TemporaryDirectory(prefix=f"capbts-load-{db}-") as tmp,
        site(db, Path(tmp)) as (server, env),
    ):
        os.environ.update(env)
        import django

        django.setup()
        from programmes.models import Programme

        slugs = list(Programme.objects.published().order_by("pk").values_list("slug", flat=True))
        deadline = time.monotonic() + time_limit
        crowd = [Student(n, slugs[n % len(slugs)], server.port, deadline) for n in range(students)]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=students) as pool:
            list(pool.map(Student.run, crowd))
        wall = time.perf_counter() - started
        checked = verify(crowd)
        from django.db import connections

        connections.close_all()
    timings = [t for s in crowd for t in s.timings]
    latencies = [seconds for _kind, seconds, _status in timings]
    errors = [f"student {s.number}: {s.error}" for s in crowd if s.error]
    return {
        "db": db,
        "students": students,
        "completed": sum(1 for s in crowd if not s.error),
        "requests": len(timings),
        # A student stops at its first unexpected answer (status, redirect or page content).
        "errors": len(errors),
        "http_errors": sum(1 for _kind, _sec, status in timings if status >= 400),
        "error_samples": errors[:5],
        **checked,
        "wall_seconds": round(wall, 1),
        "requests_per_second": round(len(timings) / wall, 1),
        "p50_ms": round(1000 * percentile(latencies, 0.50), 1),
        "p95_ms": round(1000 * percentile(latencies, 0.95), 1),
        "by_kind": {
            kind: {
                "count": len(values),
                "p50_ms": round(1000 * percentile(values, 0.50), 1),
                "p95_ms": round(1000 * percentile(values, 0.95), 1),
            }
            for kind in KINDS
            if (values := [sec for k, sec, _status in timings if k == kind])
        },
    }


def report(result: dict) -> str:
    lines = [
        f"{result['db']}: {result['students']} students, {result['completed']} completed, "
        f"{result['requests']} requests in {result['wall_seconds']} s "
        f"({result['requests_per_second']} req/s)",
        f"  errors {result['errors']} (HTTP ≥ 400: {result['http_errors']}), "
        f"lost {result['lost']}, duplicated {result['duplicated']}, "
        f"responses stored {result['rows']}",
        f"  latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms",
    ]
    for kind, numbers in result["by_kind"].items():
        lines.append(
            f"    {kind:<12} ×{numbers['count']:<5} p50 {numbers['p50_ms']:>7} ms"
            f"   p95 {numbers['p95_ms']:>7} ms"
        )
    lines += [f"  ! {sample}" for sample in result["error_samples"]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per database")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.students <= 500:
        parser.error("--students must be between 1 and 500")

    if args.phase:
        print(json.dumps(phase(args.db, args.students, args.time_limit)))
        return 0

    failed = False
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        print(f"=== load test on {db}: {args.students} students", flush=True)
        run = subprocess.run(
            [
                sys.executable,
                __file__,
                "--phase",
                "--db",
                db,
                "--students",
                str(args.students),
                "--time-limit",
                str(args.time_limit),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=args.time_limit + 240,
        )
        if run.returncode != 0:
            print(run.stdout + run.stderr)
            failed = True
            continue
        result = json.loads(run.stdout.strip().splitlines()[-1])
        print(report(result), flush=True)
        failed |= bool(result["errors"] or result["lost"] or result["duplicated"])
        failed |= result["completed"] != args.students
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
