"""Throughput of the results and catalogue pages, relative to a bare Django view.

    .venv/bin/python benchmarks/bench_http.py [--duration 8] [--strict]

Serves a fresh SQLite site with the real catalogue from gunicorn (2 sync workers, DEBUG off, on
127.0.0.1), completes one programme questionnaire, then measures requests per second of:

- the bare view `/_bench/bare/` (orientation/config/bench_urls.py, only routed when
  CAPBTS_BENCH_ENDPOINTS=1): the whole middleware stack and no query;
- the programme results page `/r/<token>/` (target: ≥ 50 % of the bare view);
- the catalogue `/formations/`.

The load generator is Debian's `wrk` (one thread, 4 connections: it leaves the two cores to the
two gunicorn workers); it is installed with apt-get when missing and running as root, otherwise
a lean standard-library client is used (4 threads with http.client). The report names which.
Loopback only; every measurement stops after --duration seconds.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_site import HOST, Student, site

CONNECTIONS = 4
TARGET_RESULTS_SHARE = 0.5


def ensure_wrk() -> str | None:
    """Debian's wrk, installed with apt-get (root only) when missing; None if unavailable."""
    found = shutil.which("wrk")
    if found or os.environ.get("CAPBTS_BENCH_NO_INSTALL") or os.geteuid() != 0:
        return found
    print("wrk is missing: apt-get install wrk…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    for command in (install, ["apt-get", "update", "-qq"], install):
        if shutil.which("wrk"):
            break
        subprocess.run(command, env=env, capture_output=True, check=False, timeout=300)
    return shutil.which("wrk")


def wrk_rate(wrk: str, url: str, duration: float) -> float:
    output = subprocess.run(
        [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(duration))}s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors[1]} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def python_rate(port: int, path: str, duration: float) -> float:
    """CONNECTIONS threads, each GETting `path` in a loop for `duration` seconds."""
    counts = [0] * CONNECTIONS
    stop = time.monotonic() + duration

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop:
            conn.request("GET", path, headers={"Host": HOST})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            if response.will_close:
                conn.close()
            counts[index] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per page")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    duration = min(max(args.duration, 1.0), 60.0)

    wrk = ensure_wrk()
    generator = f"wrk -t1 -c{CONNECTIONS}" if wrk else f"Python http.client, {CONNECTIONS} threads"
    with (
        tempfile.TemporaryDirectory(prefix="capbts-bench-") as tmp,
        site("sqlite", Path(tmp)) as (server, _env),
    ):
        student = Student(0, "bts-electrotechnique", server.port, time.monotonic() + 60).run()
        if student.error:
            print(f"could not complete a questionnaire: {student.error}")
            return 1
        pages = {
            "bare Django view": "/_bench/bare/",
            "programme results": f"/r/{student.token}/",
            "catalogue": "/formations/",
        }
        rates = {}
        for label, path in pages.items():
            url = server.url + path
            # Warm-up: every worker has loaded the page's code and templates.
            if wrk:
                wrk_rate(wrk, url, 1)
                rates[label] = wrk_rate(wrk, url, duration)
            else:
                python_rate(server.port, path, 1)
                rates[label] = python_rate(server.port, path, duration)

    bare = rates["bare Django view"]
    print(
        f"HTTP throughput: gunicorn -w 2 (sync), SQLite, DEBUG off; load: {generator}, "
        f"{duration:g} s per page"
    )
    failed = False
    for label, rate in rates.items():
        share = rate / bare
        line = f"  {label:<20} {rate:8.1f} req/s   {100 * share:5.1f} % of the bare view"
        if label == "programme results":
            ok = share >= TARGET_RESULTS_SHARE
            failed |= not ok
            line += f"   (target ≥ {100 * TARGET_RESULTS_SHARE:.0f} %: {'ok' if ok else 'MISSED'})"
        print(line)
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
