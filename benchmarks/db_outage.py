"""What students see while PostgreSQL restarts: statuses of a bounded stream of page requests.

    .venv/bin/python benchmarks/db_outage.py [--seconds 20] [--restart-at 4]

A fresh PostgreSQL database with the real catalogue behind gunicorn (2 workers, production
settings, persistent connections), then one client requesting the home page, the catalogue and
a programme page in turn for --seconds, while `pg_ctlcluster <version> <cluster> restart` runs at
--restart-at seconds (needs root, like CI). Prints the count of each status and how long after
the restart began pages answered 200 again. Target: no 500 at all (503 with Retry-After while
the database is away), recovery without restarting gunicorn. Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from live_site import HOST, site

PAGES = ("/", "/formations/", "/formations/bts-electrotechnique/")


def first_cluster() -> tuple[str, str]:
    line = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout.splitlines()[0]
    version, cluster = line.split()[:2]
    return version, cluster


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--restart-at", type=float, default=4)
    args = parser.parse_args()
    version, cluster = first_cluster()

    with tempfile.TemporaryDirectory() as workdir, site("postgres", Path(workdir)) as (server, _):
        statuses: collections.Counter[int | str] = collections.Counter()
        timeline: list[tuple[float, int | str]] = []
        restart: dict[str, float] = {}

        def restart_postgres() -> None:
            time.sleep(args.restart_at)
            restart["start"] = time.monotonic()
            subprocess.run(["pg_ctlcluster", version, cluster, "restart"], check=True)
            restart["end"] = time.monotonic()

        thread = threading.Thread(target=restart_postgres)
        start = time.monotonic()
        thread.start()
        number = 0
        while time.monotonic() - start < args.seconds:
            path = PAGES[number % len(PAGES)]
            number += 1
            try:
                conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
                conn.request("GET", path, headers={"Host": HOST})
                reply = conn.getresponse()
                reply.read()
                status: int | str = reply.status
                if status == 503 and reply.getheader("Retry-After") is None:
                    status = "503 without Retry-After"
            except OSError as exc:
                status = type(exc).__name__
            statuses[status] += 1
            timeline.append((time.monotonic(), status))
            time.sleep(0.02)
        thread.join()

    began, ended = restart["start"], restart["end"]
    outage = [s for t, s in timeline if t >= began and s != 200]
    back = next((t for t, s in timeline if t >= ended and s == 200), None)
    print(f"requests: {sum(statuses.values())} in {args.seconds:.0f} s")
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))
    print(
        f"PostgreSQL restart took {ended - began:.1f} s; non-200 answers after it began: "
        f"{len(outage)}"
    )
    if back is not None:
        print(f"pages answered 200 again {back - began:.1f} s after the restart began")
    failed = statuses.get(500, 0) + sum(v for k, v in statuses.items() if isinstance(k, str))
    return 1 if failed or back is None else 0


if __name__ == "__main__":
    sys.exit(main())
