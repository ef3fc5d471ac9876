"""Throughput of the site's pages relative to a bare Django view, over HTTP and in CPU time.

    .venv/bin/python benchmarks/bench_http.py [--rounds 5] [--duration 3] [--strict] [-v]

Serves a fresh SQLite site with the real catalogue from gunicorn (2 sync workers, DEBUG off, on
127.0.0.1; benchmarks/live_site.py), completes a few programme questionnaires, then measures:

- the bare view `/_bench/bare/` (orientation/config/bench_urls.py, only routed when
  CAPBTS_BENCH_ENDPOINTS=1): the whole middleware stack and no query, the yardstick;
- home `/` (target: ≥ 70 % of the bare view's req/s);
- catalogue `/formations/`, unfiltered and with filters, a domain's page 2 and a search
  (target ≥ 70 %): one report line, the median across those combinations;
- programme pages `/formations/<slug>/`, several slugs in turn in each burst (target ≥ 70 %);
- a catalogue search never seen before (target ≥ 30 %): every request asks for a different set of
  words taken from one programme's name and métiers, so it matches at least that programme, and
  no cache keyed on the query can answer it (however it normalises case, accents or word order:
  no two requests share the same set of words). Single words and pairs come first, shuffled
  together (some 8,000 with the real catalogue: the usual queries, and the ones that find most
  programmes); sets of 3 words only once those are used up, which only a fast search reaches;
- the programme results page `/r/<token>/`, the same page over and over (cached, target ≥ 50 %),
  and on its first render (no target): the results page keeps rendered pages keyed on the
  response (orientation/views.py, `response_detail`), so every request of that burst asks for a
  response never shown before, a copy of a completed questionnaire made in the database with a
  new token (copies are made between bursts, as many as the burst can use).

Why interleaved rounds: a shared two-core machine has bursts of noise that would otherwise hit
one page and not the others. Each round measures the bare view and then every page, each for a
short burst (--duration); a page's figure is the median over the rounds, its share the ratio of
that median to the bare view's median, and min–max show the spread.

Why CPU time too: req/s on loopback depend on the load generator (sharing the two cores) and on
the neighbours. So the same pages are also requested in-process through Django's test client,
after gunicorn has stopped, with the same settings (live_site's environment: DEBUG off…) on a
copy of the site's SQLite database, and `time.process_time()` gives CPU time per request (median
over interleaved rounds; never-seen searches and first renders are new for every request there
too). Its "% of bare" is bare CPU / page CPU: the share of the bare view's throughput the page
would reach if the CPU were the only limit. It is steadier than req/s; without gunicorn's and the
socket's fixed cost per request it is also lower. The PASS/FAIL verdicts and --strict apply to
req/s, the figure the targets are written for.

The load generator is Debian's `wrk` (one thread, 4 connections: it leaves the two cores to the
two gunicorn workers) with a Lua script that takes the paths from a file (every page goes
through the same script, so the generator's own cost is the same for all); it is installed with
apt-get when missing and running as root, otherwise a lean standard-library client is used (4
threads with http.client). The report names which. Loopback only; every burst stops after
--duration seconds.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import os
import random
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_site import HOST, PYTHON, ROOT, Student, site

CONNECTIONS = 4
WARM_UP_SECONDS = 1.0
# Report lines, in order; their targets as a share of the bare view's req/s (None: no target).
BARE = "bare Django view"
TARGETS: dict[str, float | None] = {
    BARE: None,
    "home": 0.70,
    "catalogue": 0.70,
    "programme page": 0.70,
    "never-seen search": 0.30,
    "results page, cached": 0.50,
    "results page, first render": None,
}
PROGRAMME_SLUGS = 4  # programme pages requested in turn
TEMPLATE_STUDENTS = 6  # completed questionnaires that first renders are copies of
PROGRAMME_LINK = re.compile(r'href="/formations/([a-z0-9-]+)/"')

# The same script for every page: GET the paths of a file in turn. "cycle" starts again at the
# first path; "once" never repeats one (never-seen pages), and stops the burst when they run out
# (the bench then refuses the figure). `counter` is global so that done() can read it: the
# number of paths handed out, including the one wrk asks for to check the script.
WRK_SCRIPT = """\
local paths = {}
local once = false
local threads = {}
counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  once = args[2] == "once"
end

function request()
  counter = counter + 1
  local index = counter
  if index > #paths then
    if once then
      wrk.thread:stop()
      index = #paths
    else
      index = (index - 1) % #paths + 1
    end
  end
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("capbts-counter %d\\n", thread:get("counter")))
  end
end
"""


@dataclass
class Page:
    """One measured page: its paths, requested in turn; `once`: each path at most once."""

    line: str  # the report line it counts towards
    name: str  # its own name (the catalogue line has several pages)
    paths: list[str]
    once: bool = False
    # First renders of the results page: completed responses that new ones are copies of.
    templates: list[str] = field(default_factory=list)
    used: int = 0

    def take(self, count: int, db: Path) -> list[str]:
        """Up to `count` paths never handed out (copying responses when needed), or all."""
        if not self.once:
            return self.paths
        missing = count - (len(self.paths) - self.used)
        if self.templates and missing > 0:
            self.paths += [f"/r/{t}/" for t in copy_responses(db, self.templates, missing)]
        return self.paths[self.used : self.used + count]


# --- Load generators ----------------------------------------------------------------------------


class BurstError(RuntimeError):
    pass


class TooFewPaths(BurstError):
    """A `once` burst ran out of never-seen paths and stopped early: its rate is not valid."""


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


class Wrk:
    def __init__(self, wrk: str, workdir: Path) -> None:
        self.wrk = wrk
        self.script = workdir / "paths.lua"
        self.script.write_text(WRK_SCRIPT)
        self.paths_file = workdir / "paths.txt"
        version = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
        found = re.search(r"wrk (\S+)", version.stdout + version.stderr)
        self.name = f"wrk {found[1] if found else ''} -t1 -c{CONNECTIONS}, Lua path script"

    def burst(self, url: str, paths: list[str], once: bool, seconds: float) -> tuple[float, int]:
        """(requests per second, paths handed out)."""
        self.paths_file.write_text("\n".join(paths) + "\n")
        command = [self.wrk, "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s"]
        command += ["-s", str(self.script), url, "--", str(self.paths_file)]
        command.append("once" if once else "cycle")
        run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
        output = run.stdout + run.stderr
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        counter = re.search(r"capbts-counter (\d+)", output)
        if run.returncode or not rate or not counter:
            raise BurstError(f"wrk failed ({run.returncode}):\n{output}")
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if errors:
            raise BurstError(f"{errors[1]} error responses (e.g. {paths[0]})\n{output}")
        return float(rate[1]), int(counter[1])


class PythonClient:
    name = f"Python http.client, {CONNECTIONS} threads"

    def __init__(self, port: int) -> None:
        self.port = port

    def burst(self, url: str, paths: list[str], once: bool, seconds: float) -> tuple[float, int]:
        """CONNECTIONS threads GETting the paths in turn: (req/s, paths handed out)."""
        lock = threading.Lock()
        handed = [0]
        counts = [0] * CONNECTIONS
        failures: list[str] = []
        stop = time.monotonic() + seconds

        def next_path() -> str | None:
            with lock:
                handed[0] += 1
                if handed[0] > len(paths) and once:
                    return None
                return paths[(handed[0] - 1) % len(paths)]

        def worker(index: int) -> None:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            try:
                while time.monotonic() < stop and not failures:
                    path = next_path()
                    if path is None:
                        break
                    conn.request("GET", path, headers={"Host": HOST})
                    response = conn.getresponse()
                    response.read()
                    if response.status != 200:
                        failures.append(f"{path}: HTTP {response.status}")
                    if response.will_close:
                        conn.close()
                    counts[index] += 1
            except OSError as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
            finally:
                conn.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise BurstError(failures[0])
        return sum(counts) / (time.monotonic() - started), handed[0]


def burst(load, server, page: Page, seconds: float, bound: float, db: Path) -> float:
    """req/s of one burst of `page`; `bound`: a generous guess of its rate, to size `once` pools
    (a first render copies a response per request beforehand: not too many)."""
    paths = page.take(math.ceil(bound * seconds * 1.2) + 200, db)
    if page.once and len(paths) < 200:
        raise BurstError(f"{page.name}: the never-seen paths are used up; use fewer rounds")
    rate, handed = load.burst(server.url, paths, page.once, seconds)
    if page.once:
        page.used += min(handed, len(paths))
        if handed > len(paths):
            raise TooFewPaths(f"{page.name}: {len(paths)} never-seen paths were not enough")
    return rate


def measured_burst(load, server, page, seconds, estimates, db) -> float:
    """A burst whose `once` pool is sized for twice the page's fastest rate so far (before its
    first burst: the bare view's rate, which no page exceeds); if the pool still ran out, the
    burst is run again with one sized for twice the bare view's rate."""
    bound = 2 * estimates.get(page.name, estimates[BARE] / 2)
    try:
        rate = burst(load, server, page, seconds, bound, db)
    except TooFewPaths:
        rate = burst(load, server, page, seconds, 2 * estimates[BARE], db)
    estimates[page.name] = max(rate, estimates.get(page.name, 0))
    return rate


# --- The site's data ----------------------------------------------------------------------------


def database_path(env: dict[str, str]) -> Path:
    return Path(env["DATABASE_URL"].removeprefix("sqlite:///"))


def copy_responses(db: Path, templates: list[str], count: int) -> list[str]:
    """`count` new responses, copies of the `templates` (tokens) in turn; their tokens."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        columns = [
            row[1]
            for row in conn.execute("PRAGMA table_info(orientation_response)")
            if row[1] not in ("id", "token")
        ]
        names = ", ".join(f'"{c}"' for c in columns)
        tokens = [secrets.token_urlsafe(32) for _ in range(count)]
        with conn:
            conn.executemany(
                f"INSERT INTO orientation_response (token, {names}) "
                f"SELECT ?, {names} FROM orientation_response WHERE token = ?",
                [(token, templates[i % len(templates)]) for i, token in enumerate(tokens)],
            )
    finally:
        conn.close()
    return tokens


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_paths(db: Path) -> list[str]:
    """Catalogue searches for sets of words of one programme's name and métiers, every set
    different (whatever the case, accents or order): each matches at least that programme.
    Sets of 1 and 2 words shuffled together (the same mix in every round), then sets of 3."""
    conn = sqlite3.connect(db)
    try:
        texts = conn.execute(PROGRAMME_TEXTS).fetchall()
    finally:
        conn.close()
    words: dict[int, dict[str, str]] = {}
    for programme, text in texts:
        for word in text.lower().split():
            # Whole words as typed (accents kept), at least 4 letters: no "de", no "h/f".
            if re.fullmatch(r"[a-z]{4,}", fold(word)):
                words.setdefault(programme, {})[fold(word)] = word
    seen: set[frozenset[str]] = set()
    blocks: list[list[str]] = [[], []]
    for programme_words in words.values():
        for size in (1, 2, 3):
            for combination in itertools.combinations(sorted(programme_words), size):
                if frozenset(combination) not in seen:
                    seen.add(frozenset(combination))
                    query = " ".join(programme_words[w] for w in combination)
                    blocks[size == 3].append(query)
    rng = random.Random(2025)
    for block in blocks:
        rng.shuffle(block)
    return [f"/formations/?{urllib.parse.urlencode({'q': q})}" for q in blocks[0] + blocks[1]]


def catalogue_facts(db: Path) -> tuple[list[str], str, str, str]:
    """(published slugs in order, a bac code, the top-level domain with most programmes, a
    programme kind), read from the site's database."""
    conn = sqlite3.connect(db)
    try:
        slugs = [r[0] for r in conn.execute(SLUGS)]
        bacs = [r[0] for r in conn.execute("SELECT code FROM programmes_bactrack ORDER BY code")]
        domain = conn.execute(BIGGEST_DOMAIN).fetchone()[0]
        kinds = [r[0] for r in conn.execute("SELECT DISTINCT kind FROM programmes_programme")]
    finally:
        conn.close()
    bac = "stmg" if "stmg" in bacs else bacs[0]
    kind = "BTSA" if "BTSA" in kinds else sorted(kinds)[-1]
    return slugs, bac, domain, kind


PROGRAMME_TEXTS = """
SELECT id, name FROM programmes_programme WHERE published
UNION ALL
SELECT pm.programme_id, pm.name FROM programmes_programmemetier pm
JOIN programmes_programme p ON p.id = pm.programme_id AND p.published
UNION ALL
SELECT pm.programme_id, m.name FROM programmes_programmemetier pm
JOIN programmes_programme p ON p.id = pm.programme_id AND p.published
JOIN programmes_metier m ON m.id = pm.metier_id
"""
SLUGS = "SELECT slug FROM programmes_programme WHERE published ORDER BY slug"
BIGGEST_DOMAIN = """
SELECT top.slug FROM programmes_domain top
JOIN programmes_domain d ON d.id = top.id OR d.parent_id = top.id
JOIN programmes_programme_domains pd ON pd.domain_id = d.id
JOIN programmes_programme p ON p.id = pd.programme_id AND p.published
WHERE top.parent_id IS NULL
GROUP BY top.slug ORDER BY COUNT(DISTINCT p.id) DESC, top.slug LIMIT 1
"""


def spread(items: list[str], count: int) -> list[str]:
    """`count` items evenly spaced along `items`."""
    step = len(items) / count
    return list(dict.fromkeys(items[int(i * step)] for i in range(count)))


def fetch(port: int, path: str) -> str:
    """GET over HTTP; the page if 200 (a redirect would be measured as a cheap page)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": HOST})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        conn.close()
    if response.status != 200:
        raise BurstError(f"{path}: HTTP {response.status} instead of 200")
    return body


def prepare(server, db: Path, verbose: bool) -> list[Page] | str:
    """The pages to measure, checked once each; an error message if the site is not ready."""
    slugs, bac, domain, kind = catalogue_facts(db)
    templates = []
    for number, slug in enumerate(spread(slugs, TEMPLATE_STUDENTS)):
        student = Student(number, slug, server.port, time.monotonic() + 60).run()
        if student.error:
            print(f"  (questionnaire of {slug} not completed: {student.error})")
        else:
            templates.append(student.token)
    if not templates:
        return "could not complete a questionnaire"
    combinations = {
        "": "/formations/",
        f"bac={bac}": f"/formations/?bac={bac}",
        f"domaine={domain}&page=2": f"/formations/?domaine={domain}&page=2",
        f"type={kind}": f"/formations/?type={kind}",
        f"q=commerce&bac={bac}": f"/formations/?q=commerce&bac={bac}",
    }
    pages = [
        Page(BARE, BARE, ["/_bench/bare/"]),
        Page("home", "home", ["/"]),
        *(Page("catalogue", f"catalogue {q}".strip(), [p]) for q, p in combinations.items()),
        Page(
            "programme page",
            "programme page",
            [f"/formations/{slug}/" for slug in spread(slugs, PROGRAMME_SLUGS)],
        ),
        Page("never-seen search", "never-seen search", search_paths(db), once=True),
        Page("results page, cached", "results page, cached", [f"/r/{templates[0]}/"]),
        Page(
            "results page, first render",
            "results page, first render",
            [],
            once=True,
            templates=templates,
        ),
    ]
    for page in pages:
        if not page.once:
            for path in page.paths:
                html = fetch(server.port, path)
                if verbose and page.line == "catalogue":
                    found = len(set(PROGRAMME_LINK.findall(html)))
                    print(f"  {path}: {found} programmes listed")
    first, second = (
        set(PROGRAMME_LINK.findall(fetch(server.port, f"/formations/?domaine={domain}&page={n}")))
        for n in (1, 2)
    )
    if first == second:
        print(f"  (warning: /formations/?domaine={domain} has no page 2)")
    # A sample of never-seen searches (used up here, not measured): do they find programmes?
    search = next(p for p in pages if p.line == "never-seen search")
    sample = search.take(20, db)
    search.used += len(sample)
    found = [len(set(PROGRAMME_LINK.findall(fetch(server.port, p)))) for p in sample]
    short = sum(path.count("+") < 2 for path in search.paths)  # words are joined by "+"
    print(
        f"  never-seen searches: {short} queries of 1 or 2 words, then "
        f"{len(search.paths) - short} of 3; a sample of {len(found)}: median "
        f"{statistics.median(found):g} programmes found, {found.count(0)} found none"
    )
    first_render = next(p for p in pages if p.line == "results page, first render")
    for path in first_render.take(len(templates), db):
        fetch(server.port, path)
    first_render.used += len(templates)
    return pages


# --- CPU time through Django's test client -----------------------------------------------------


def cpu_child(spec_file: str) -> int:
    """Run in a child process with the site's environment: CPU seconds per request of every page,
    in rounds, printed as JSON."""
    spec = json.loads(Path(spec_file).read_text())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    db = Path(spec["db"])
    pages = [Page(**p) for p in spec["pages"]]
    client = Client(HTTP_HOST=HOST)
    costs: dict[str, list[float]] = {page.name: [] for page in pages}

    def cpu_per_request(page: Page, budget: float, estimate: float) -> float:
        # Enough never-seen paths for the budget at the page's estimated cost, made beforehand.
        paths = page.take(math.ceil(budget / estimate * 3) + 20, db)
        count = 0
        start = time.process_time()
        for path in itertools.cycle(paths) if not page.once else paths:
            # No cookie carried over: as with wrk, every request comes without one.
            client.cookies.clear()
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
            count += 1
            if count >= 5 and time.process_time() - start >= budget:
                break
        elapsed = time.process_time() - start
        if count < 5 or (page.once and count == len(paths) and elapsed < budget):
            raise RuntimeError(f"{page.name}: too few never-seen paths ({len(paths)})")
        page.used += count
        return elapsed / count

    # Warm-up: every page's code, templates and caches loaded; a first estimate of its cost
    # (capped at 1 ms: a cold first request can cost many times a warm one, and too high an
    # estimate would make too few never-seen paths).
    estimates = {page.name: cpu_per_request(page, 0.05, 1e-4) for page in pages}
    for _round in range(spec["rounds"]):
        for page in pages:
            cost = cpu_per_request(page, spec["budget"], min(estimates[page.name], 1e-3))
            estimates[page.name] = min(estimates[page.name], cost)
            costs[page.name].append(cost)
    print(json.dumps(costs))
    return 0


def cpu_costs(env: dict[str, str], workdir: Path, pages: list[Page], args) -> dict[str, list]:
    """CPU seconds per request of every page, in a child process on a copy of the database."""
    copy = workdir / "cpu.sqlite3"
    source = sqlite3.connect(database_path(env))
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    spec = {
        "db": str(copy),
        "rounds": args.rounds,
        "budget": args.cpu_seconds,
        # Never-seen paths left unused by the HTTP bursts only (a cache could live in the DB).
        "pages": [{**asdict(p), "paths": p.paths[p.used :], "used": 0} for p in pages],
    }
    spec_file = workdir / "cpu.json"
    spec_file.write_text(json.dumps(spec))
    run = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--cpu-child", str(spec_file)],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"sqlite:///{copy}"},
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode:
        raise RuntimeError(f"CPU measurement failed:\n{run.stdout}{run.stderr}")
    return json.loads(run.stdout.splitlines()[-1])


# --- Report --------------------------------------------------------------------------------------


def by_line(values: dict[str, list[float]], pages: list[Page]) -> dict[str, list[float]]:
    """Per report line, its value in each round: the median of its pages' values that round."""
    lines: dict[str, list[float]] = {}
    for line in TARGETS:
        members = [values[p.name] for p in pages if p.line == line]
        lines[line] = [statistics.median(r) for r in zip(*members, strict=True)]
    return lines


def report(pages, rates, costs, args, load_name: str) -> bool:
    """Print the verbose details and the summary table; True if every target is met."""
    lines = by_line(rates, pages)
    cpu = by_line(costs, pages)
    bare_rate = statistics.median(lines[BARE])
    bare_cpu = statistics.median(cpu[BARE])
    if args.verbose:
        print("\nEvery page (median over rounds, min–max; % of bare):")
        width = max(len(page.name) for page in pages)
        for page in pages:
            r, c = rates[page.name], costs[page.name]
            print(
                f"  {page.name:<{width}} {statistics.median(r):7.1f} req/s "
                f"({min(r):.0f}–{max(r):.0f})"
                f"  {100 * statistics.median(r) / bare_rate:5.1f} %"
                f"   CPU {1000 * statistics.median(c):7.2f} ms ({1000 * min(c):.2f}–"
                f"{1000 * max(c):.2f})  {100 * bare_cpu / statistics.median(c):5.1f} %"
            )
    groups = {line: [p for p in pages if p.line == line] for line in TARGETS}
    print(
        f"\nHTTP: gunicorn -w 2 (sync), SQLite, DEBUG off, loopback; load: {load_name}; "
        f"interleaved rounds: {args.rounds}, {args.duration:g} s per page."
        f"\nCPU: django.test.Client in-process, same settings, copy of the database; "
        f"rounds: {args.rounds}, ≥ {args.cpu_seconds:g} s CPU per page."
        "\nShares: median req/s ÷ the bare view's; CPU: bare CPU per request ÷ the page's.\n"
    )
    print("| Page | req/s | min–max | % of bare | CPU ms/req | CPU % of bare | Target | Result |")
    print("|---|--:|--:|--:|--:|--:|--:|---|")
    passed = True
    for line, target in TARGETS.items():
        rate, cost = statistics.median(lines[line]), statistics.median(cpu[line])
        share = rate / bare_rate
        label = line if len(groups[line]) == 1 else f"{line} ({len(groups[line])} pages, median)"
        verdict = ""
        if target is not None:
            verdict = "PASS" if share >= target else "FAIL"
            passed &= share >= target
        print(
            f"| {label} | {rate:.0f} | {min(lines[line]):.0f}–{max(lines[line]):.0f} "
            f"| {100 * share:.1f} % | {1000 * cost:.2f} | {100 * bare_cpu / cost:.1f} % "
            f"| {'' if target is None else f'≥ {100 * target:.0f} %'} | {verdict} |"
        )
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--duration", type=float, default=3.0, help="seconds per page and round (default 3)"
    )
    parser.add_argument(
        "--cpu-seconds",
        type=float,
        default=0.4,
        help="CPU seconds per page and round through the test client (default 0.4)",
    )
    parser.add_argument(
        "--load",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator: wrk when available (default), or the stdlib client",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("-v", "--verbose", action="store_true", help="every page's own figures")
    parser.add_argument("--cpu-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cpu_child:
        return cpu_child(args.cpu_child)
    args.rounds = min(max(args.rounds, 1), 50)
    args.duration = min(max(args.duration, 1.0), 60.0)
    args.cpu_seconds = min(max(args.cpu_seconds, 0.05), 10.0)

    wrk = ensure_wrk() if args.load != "python" else None
    if args.load == "wrk" and not wrk:
        print("wrk is not available")
        return 1
    with tempfile.TemporaryDirectory(prefix="capbts-bench-") as tmp:
        workdir = Path(tmp)
        print("Building a throw-away site (migrate, catalogue, questionnaires)…", flush=True)
        with site("sqlite", workdir) as (server, env):
            db = database_path(env)
            load = Wrk(wrk, workdir) if wrk else PythonClient(server.port)
            pages = prepare(server, db, args.verbose)
            if isinstance(pages, str):
                print(pages)
                return 1
            rates: dict[str, list[float]] = {page.name: [] for page in pages}
            # Warm-up: every worker has loaded each page's code and templates, caches are
            # filled, and every page has a first estimate of its rate (to size `once` pools).
            estimates = {BARE: burst(load, server, pages[0], WARM_UP_SECONDS, 0, db)}
            for page in pages[1:]:
                measured_burst(load, server, page, WARM_UP_SECONDS, estimates, db)
            for number in range(1, args.rounds + 1):
                for page in pages:
                    rate = measured_burst(load, server, page, args.duration, estimates, db)
                    rates[page.name].append(rate)
                progress = by_line({p.name: rates[p.name][-1:] for p in pages}, pages)
                print(
                    f"  round {number}/{args.rounds}: "
                    + ", ".join(f"{line} {r[0]:.0f}" for line, r in progress.items())
                    + " req/s",
                    flush=True,
                )
        print("CPU time per request through Django's test client…", flush=True)
        costs = cpu_costs(env, workdir, pages, args)
    passed = report(pages, rates, costs, args, load.name)
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
