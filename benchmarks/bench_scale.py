"""Scale benchmark: the counsellor pages, export and purge on a big response table, and the
questionnaire's completion and discovery results on a big catalogue.

    .venv/bin/python benchmarks/bench_scale.py [--responses 10000,100000]
        [--programmes 1000,5000] [--runs 5] [--quick] [--pg [URL]] [--explain] [--strict]

Builds a throwaway site in a temporary directory (never the developer's database): migrate, the
bundled catalogue and its items, collectstatic, production-like settings (DEBUG off, see
`live_site.prepare_environment`); SQLite by default, then PostgreSQL too with `--pg` (default
URL: the local capbts role). Pages are requested in-process with Django's test `Client`
(the site's whole middleware stack, no network), each the median of --runs runs after one
warm-up; the warm-up counts the SQL queries (CaptureQueriesContext) and notes the slowest one
(`--explain` prints its plan). Speeds are also given as a multiple of the bare view
`/_bench/bare/` measured in the same run.

1. Responses, for each N of --responses: `manage.py demo --responses N` (run with DEBUG on, in a
   child process, timed) tops the table up to N (the demo cohort of 35 students followed by the
   demo counsellor; the rest bulk-inserted in synthetic cohorts of 35 that no counsellor
   follows); then the counsellor's pages (response list of their cohort, unfiltered, the
   response page, the cohort list, the cohort dashboard and CSV export), the superuser's lists,
   the CSV export of every response (changelist action, « select all », superuser: its peak
   memory is measured twice, as tracemalloc's peak in this process and as the maximum RSS of a
   fresh process doing only that export), and last `purge_responses --older-than D`, D chosen
   so that min(20,000, N / 5) responses are older (checked by counting before and after).
2. Programmes, for the bundled catalogue (123) then each M of --programmes:
   `manage.py demo --programmes M` adds published synthetic programmes; then a programme
   questionnaire and the discovery questionnaire are completed through the real views (start
   POST, every step; the timed figure is the POST of the last step, which computes the result),
   with the size of a stored discovery result (JSON of `Response.result`) and of its results
   page `/r/<token>/`.

Targets (issue 11): at 100,000 responses the response list of a 35-student cohort and its
dashboard ≤ 300 ms each; exporting 10,000 rows ≤ 150 MB peak memory; purging 20,000 rows
≤ 10 s. At 5,000 programmes: completing a questionnaire ≤ 300 ms; a stored discovery result
≤ 20 KB; the discovery results page ≤ 150 KB of HTML. Exit status 0, or 1 with --strict when a
target is missed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_site import (  # noqa: E402
    DEFAULT_PG_URL,
    HOST,
    PYTHON,
    build_site,
    drop_postgres_database,
    prepare_environment,
)

TARGET_LIST_MS = 300
TARGET_DASHBOARD_MS = 300
TARGET_EXPORT_MB = 150
TARGET_EXPORT_ROWS = 10_000
TARGET_PURGE_S = 10
TARGET_PURGE_ROWS = 20_000
TARGET_COMPLETE_MS = 300
TARGET_RESULT_KB = 20
TARGET_PAGE_KB = 150
# The targets on a big table hold at these sizes (smaller runs print them for information).
TARGET_RESPONSES = 100_000
TARGET_PROGRAMMES = 5_000
BUNDLED_PROGRAMMES = 123
EXPORT_RUNS = 3
ANSWERS = ("pas-du-tout", "plutot-pas", "plutot", "tout-a-fait", "ne-sais-pas")
ADMIN_USER = "bench.admin"
COUNSELLOR_USER = "conseil.demo"  # created by manage.py demo
PROGRAMME_SLUG = "bts-management-commercial-operationnel"
BARE = "bare Django view"
WIDTH = 56


def num(value: int) -> str:
    """12345 → "12 345"."""
    return f"{value:,}".replace(",", "\u202f")


def counts(raw: str) -> list[int]:
    return [int(part.replace("_", "")) for part in raw.split(",") if part.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--responses", type=counts, default=[10_000, 100_000], help="table sizes, e.g. 10000,100000"
    )
    parser.add_argument(
        "--programmes", type=counts, default=[1_000, 5_000], help="catalogue sizes, e.g. 1000,5000"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page (median)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 2,000 responses, 300 programmes, 3 runs"
    )
    parser.add_argument(
        "--pg",
        nargs="?",
        const=DEFAULT_PG_URL,
        metavar="URL",
        help=f"also run on PostgreSQL (default {DEFAULT_PG_URL})",
    )
    parser.add_argument("--explain", action="store_true", help="plan of each slowest query")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    # Internal: the measuring process (Django set up on the throwaway site) and the export
    # process whose RSS is measured.
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export-rss", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.responses, args.programmes, args.runs = [2_000], [300], min(args.runs, 3)
    args.runs = max(1, args.runs)
    return args


# --- The parent: one throwaway site per database -------------------------------------------------


def main() -> int:
    args = parse_args()
    if args.child:
        return child(args)
    if args.export_rss:
        return export_rss()
    databases = ["sqlite"] + (["postgres"] if args.pg else [])
    status = 0
    for db in databases:
        if db == "postgres":
            os.environ["CAPBTS_LOAD_PG_URL"] = args.pg
        with tempfile.TemporaryDirectory(prefix="capbts-scale-") as tmp:
            try:
                env = prepare_environment(db, Path(tmp))
            except Exception as exc:  # PostgreSQL not running: say so, go on
                print(f"\n{db}: no database ({type(exc).__name__}: {exc}); skipped")
                status = status or (1 if args.strict else 0)
                continue
            try:
                started = time.perf_counter()
                build_site(env)
                print(
                    f"\n=== {db}: fresh site (migrate, bundled catalogue, items, collectstatic) "
                    f"in {time.perf_counter() - started:.1f} s",
                    flush=True,
                )
                child_args = [PYTHON, __file__, "--child", *sys.argv[1:]]
                status = max(status, subprocess.run(child_args, cwd=ROOT, env=env).returncode)
            finally:
                if db == "postgres":
                    drop_postgres_database(env["DATABASE_URL"])
    return status


# --- The measuring process -----------------------------------------------------------------------


@dataclass
class Row:
    label: str
    ms: float | None = None  # median
    queries: int | None = None
    size: int | None = None  # bytes
    target: str = ""
    ok: bool | None = None  # None: no target at this size
    note: str = ""
    slowest: tuple[float, str] | None = None  # (ms, SQL) of the warm-up's slowest query
    bare: bool = True  # a page: its time is also given as a multiple of the bare view's
    sql_ms: float | None = None  # the warm-up's queries, summed


@dataclass
class Phase:
    title: str
    rows: list[Row] = field(default_factory=list)
    bare_ms: float | None = None


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientation.config.settings")
    import django

    django.setup()


def new_client():
    from django.test import Client

    return Client(HTTP_HOST=HOST)


def read_body(response) -> tuple[int, int]:
    """Read the whole body as a client would, keeping none of a streamed one in memory:
    its size in bytes and its number of lines (CRLF)."""
    if not getattr(response, "streaming", False):
        return len(response.content), response.content.count(b"\r\n")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    return size, lines


def child(args: argparse.Namespace) -> int:
    setup_django()
    from django.db import connection

    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor)
    missed: list[str] = []
    for size in args.responses:
        phase = responses_phase(size, args)
        print_phase(phase, args, vendor)
        missed += [f"{phase.title}: {r.label}" for r in phase.rows if r.ok is False]
    for size in [BUNDLED_PROGRAMMES, *args.programmes]:
        phase = programmes_phase(size, args)
        print_phase(phase, args, vendor)
        missed += [f"{phase.title}: {r.label}" for r in phase.rows if r.ok is False]
    if missed:
        print(f"\n{vendor}: {len(missed)} target(s) missed:")
        for line in missed:
            print(f"  - {line}")
    else:
        print(f"\n{vendor}: every target met.")
    return 1 if missed and args.strict else 0


def run_demo(*options: str) -> tuple[float, list[str]]:
    """`manage.py demo OPTIONS` in a child process with DEBUG on (the command refuses
    otherwise); its wall time and the lines of its report about scale data."""
    env = {**os.environ, "DJANGO_DEBUG": "true"}
    started = time.perf_counter()
    run = subprocess.run(
        [PYTHON, "manage.py", "demo", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if run.returncode:
        raise RuntimeError(f"manage.py demo {' '.join(options)} failed:\n{run.stderr}")
    lines = [line for line in run.stdout.splitlines() if "synthétique" in line]
    return elapsed, lines


def measure(
    label: str,
    request: Callable[[], object] | None,
    runs: int,
    *,
    prepare: Callable[[], Callable[[], object]] | None = None,
    status: int = 200,
    explain: bool = False,
) -> Row:
    """Warm-up (its queries counted), then the median of `runs` timed runs; every body is read
    whole. With `prepare`, each run first calls it (untimed) for the request to time."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    def send() -> Callable[[], object]:
        return prepare() if prepare else request

    ready = send()
    # Each request empties the query log (request_started): start from an empty one.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = ready()
        size, _lines = read_body(response)
    captured = queries.captured_queries  # read now: the next request empties the log
    if response.status_code != status:
        raise RuntimeError(f"{label}: HTTP {response.status_code} instead of {status}")
    times = []
    for _run in range(runs):
        ready = send()
        started = time.perf_counter()
        read_body(ready())
        times.append(1000 * (time.perf_counter() - started))
    slowest = max(captured, key=lambda q: float(q["time"]), default=None)
    row = Row(label, statistics.median(times), len(captured), size)
    row.sql_ms = 1000 * sum(float(q["time"]) for q in captured)
    if slowest:
        row.slowest = (1000 * float(slowest["time"]), slowest["sql"])
        if explain:
            row.note = "plan: " + explain_plan(slowest["sql"])
    return row


def explain_plan(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            return " | ".join(str(row[-1]) for row in cursor.fetchall())
    except Exception as exc:  # the logged SQL is not always executable as is
        return f"(no plan: {type(exc).__name__})"


def check(
    row: Row, value: float, limit: float, unit: str, *, scope: str = "", applies: bool = True
) -> Row:
    """Compare `value` with the target; below the size the target is set for (`scope`), the
    target is printed for information only."""
    row.target = f"≤ {limit:g} {unit}" + (f" at {scope}" if scope else "")
    row.ok = value <= limit if applies else None
    return row


def guarded(label: str, build: Callable[[], Row | list[Row]]) -> list[Row]:
    """The rows `build` measures, or one row saying why it failed (the other figures of the
    phase are still measured)."""
    try:
        rows = build()
    except Exception as exc:
        message = " ".join(str(exc).split())[:200]
        return [Row(label, ok=False, target="works", note=f"ERROR {type(exc).__name__}: {message}")]
    return rows if isinstance(rows, list) else [rows]


def users():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin = User.objects.filter(username=ADMIN_USER).first()
    if admin is None:
        admin = User.objects.create_superuser(ADMIN_USER, password=None)
    return User.objects.get(username=COUNSELLOR_USER), admin


def responses_phase(size: int, args: argparse.Namespace) -> Phase:
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from orientation.management.commands.demo import COHORT_NAME
    from orientation.models import Cohort, Response

    elapsed, lines = run_demo("--responses", str(size))
    total = Response.objects.count()
    cohorts = Cohort.objects.count()
    phase = Phase(f"{num(size)} responses")
    print(f"\n[{phase.title}] manage.py demo --responses {size}: {elapsed:.1f} s", flush=True)
    for line in lines:
        print(f"    {line}")
    database = connection.settings_dict["NAME"]
    db_size = (
        f", SQLite file {os.path.getsize(database) / 2**20:,.0f} MB"
        if connection.vendor == "sqlite"
        else ""
    )
    print(f"    table: {num(total)} responses in {num(cohorts)} cohorts{db_size}", flush=True)

    counsellor_user, admin_user = users()
    counsellor, admin, anonymous = new_client(), new_client(), new_client()
    counsellor.force_login(counsellor_user)
    admin.force_login(admin_user)
    cohort = Cohort.objects.get(name=COHORT_NAME)
    one = cohort.responses.filter(status=Response.Status.COMPLETED).order_by("pk").first()
    at_scale = size >= TARGET_RESPONSES
    runs, explain = args.runs, args.explain

    responses = reverse("admin:orientation_response_changelist")
    cohorts_list = reverse("admin:orientation_cohort_changelist")
    bare = measure(BARE, lambda: anonymous.get("/_bench/bare/"), runs)
    phase.bare_ms = bare.ms
    phase.rows.append(bare)
    pages = [
        ("admin index (counsellor)", counsellor, reverse("admin:index"), None),
        ("response list, own cohort (counsellor)", counsellor, responses, TARGET_LIST_MS),
        ("response list, unfiltered (counsellor)", counsellor, responses, None),
        ("response list, unfiltered (superuser)", admin, responses, None),
        ("response page (counsellor)", counsellor, one_change_url(one), None),
        ("cohort list (counsellor)", counsellor, cohorts_list, None),
        ("cohort list (superuser)", admin, cohorts_list, None),
        (
            "cohort dashboard (counsellor)",
            counsellor,
            reverse("admin:orientation_cohort_dashboard", args=[cohort.pk]),
            TARGET_DASHBOARD_MS,
        ),
        (
            "cohort CSV export (counsellor)",
            counsellor,
            reverse("admin:orientation_cohort_export", args=[cohort.pk]),
            None,
        ),
    ]
    scope = f"{num(TARGET_RESPONSES)} responses"
    for label, client, path, target in pages:
        query = {"cohorte": cohort.pk} if "own cohort" in label else None

        def page(label=label, client=client, path=path, query=query, target=target) -> Row:
            row = measure(label, lambda: client.get(path, query), runs, explain=explain)
            if target:
                check(row, row.ms, target, "ms", scope=scope, applies=at_scale)
            return row

        phase.rows += guarded(label, page)

    phase.rows += guarded(
        "CSV export of every response (superuser)",
        lambda: export_row(admin, responses, runs, explain=explain),
    )
    phase.rows += guarded("purge", lambda: purge_row(size, call_command, timezone))
    return phase


def one_change_url(response) -> str:
    from django.urls import reverse

    return reverse("admin:orientation_response_change", args=[response.pk])


def export_form() -> dict:
    from orientation.models import Response

    first = Response.objects.order_by("pk").values_list("pk", flat=True).first()
    # What the browser posts after « Sélectionner les N réponses »: the action, « select
    # across », and the ids ticked on the page (one is enough).
    return {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": first}


def export_row(admin, responses_url: str, runs: int, *, explain: bool) -> Row:
    form = export_form()
    row = measure(
        "CSV export of every response (superuser)",
        lambda: admin.post(responses_url, form),
        min(runs, EXPORT_RUNS),
        explain=explain,
    )
    # Peak memory, 1: Python allocations during one export, in this process.
    tracemalloc.start()
    response = admin.post(responses_url, form)
    exported = read_body(response)[1] - 1  # the header line
    del response
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Peak memory, 2: the maximum RSS of a fresh process that sets Django up and exports.
    rss = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--export-rss"],
            cwd=ROOT,
            env=os.environ,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    row.label = f"CSV export, {num(exported)} rows (superuser, select all)"
    row.note = (
        f"peak RSS {rss['peak_mb']:.0f} MB (fresh process, {rss['before_mb']:.0f} MB before "
        f"the export); tracemalloc peak {peak / 2**20:.1f} MB"
        + (f"; {row.note}" if row.note else "")
    )
    applies = abs(exported - TARGET_EXPORT_ROWS) <= TARGET_EXPORT_ROWS * 0.05
    scope = f"{num(TARGET_EXPORT_ROWS)} rows"
    return check(row, rss["peak_mb"], TARGET_EXPORT_MB, "MB RSS", scope=scope, applies=applies)


def proc_status_mb(key: str) -> float | None:
    """VmRSS / VmHWM of this process in MB (Linux), None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def export_rss() -> int:
    """Child process: the superuser's export of every response; prints its RSS as JSON.

    The peak is the process's high-water mark (VmHWM), reset to the current RSS just before
    the export (/proc/self/clear_refs): the whole process, Django included, at its highest
    during the export. ru_maxrss would not do: it keeps the parent's size from before exec."""
    setup_django()
    from django.urls import reverse

    _counsellor, admin_user = users()
    client = new_client()
    client.force_login(admin_user)
    url = reverse("admin:orientation_response_changelist")
    form = export_form()
    before = proc_status_mb("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        before = None
    response = client.post(url, form)
    size = read_body(response)[0]
    peak = proc_status_mb("VmHWM") if before is not None else None
    if peak is None:  # not Linux: the maximum RSS the kernel reports, for what it is worth
        before = peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"before_mb": before, "peak_mb": peak, "bytes": size}))
    return 0


def purge_row(size: int, call_command, timezone) -> Row:
    from orientation.models import Response

    wanted = min(TARGET_PURGE_ROWS, size // 5)
    dates = Response.objects.order_by("updated_at").values_list("updated_at", flat=True)
    oldest = dates[wanted - 1] if wanted else None
    if oldest is None:
        return Row("purge", note="nothing to purge")
    days = max(1, math.floor((timezone.now() - oldest).total_seconds() / 86400))
    expected = Response.objects.older_than(days=days).count()
    before = Response.objects.count()
    started = time.perf_counter()
    call_command("purge_responses", "--older-than", str(days), verbosity=0)
    seconds = time.perf_counter() - started
    purged = before - Response.objects.count()
    row = Row(f"purge --older-than {days}: {num(purged)} rows", bare=False)
    row.ms = 1000 * seconds
    if purged != expected:
        row.note = f"expected {expected} rows to go, {purged} went"
        row.ok = False
        return row
    row.note = "count checked before and after"
    applies = purged >= TARGET_PURGE_ROWS
    check(
        row, seconds, TARGET_PURGE_S, "s", scope=f"{num(TARGET_PURGE_ROWS)} rows", applies=applies
    )
    return row


def programmes_phase(size: int, args: argparse.Namespace) -> Phase:
    from programmes.models import Programme

    if size > Programme.objects.published().count():
        elapsed, lines = run_demo("--programmes", str(size))
        print(f"\n[{num(size)} programmes] manage.py demo --programmes {size}: {elapsed:.1f} s")
        for line in lines:
            print(f"    {line}")
    published = Programme.objects.published().count()
    phase = Phase(f"{num(published)} programmes")
    at_scale = published >= TARGET_PROGRAMMES
    scope = f"{num(TARGET_PROGRAMMES)} programmes"
    runs, explain = args.runs, args.explain
    anonymous = new_client()
    bare = measure(BARE, lambda: anonymous.get("/_bench/bare/"), runs)
    phase.bare_ms = bare.ms
    phase.rows.append(bare)
    phase.rows += guarded(
        "catalogue /formations/",
        lambda: measure("catalogue /formations/", lambda: anonymous.get("/formations/"), runs),
    )
    slug = (
        Programme.objects.published()
        .filter(slug__startswith=PROGRAMME_SLUG)
        .order_by("slug")
        .values_list("slug", flat=True)
        .first()
    )
    rng = random.Random(size)
    for label, start_path, start_form in (
        ("programme journey", f"/questionnaire/{slug}/", {"bac_track": "stmg"}),
        ("discovery journey", "/decouverte/", {"bac_track": "stmg"}),
    ):
        tokens: list[str] = []

        def last_step(start_path=start_path, start_form=start_form, tokens=tokens):
            return journey(anonymous, start_path, start_form, rng, tokens)

        def complete(label=label, last_step=last_step, tokens=tokens) -> list[Row]:
            row = measure(
                f"{label}: last step POST",
                None,
                runs,
                prepare=last_step,
                status=302,
                explain=explain,
            )
            check(row, row.ms, TARGET_COMPLETE_MS, "ms", scope=scope, applies=at_scale)
            rows = [row]
            if cold_catalogue_available():
                # The first completion in a process after a catalogue change rebuilds the
                # catalogue's scoring inputs (orientation.catalogue): how long that one takes.
                cold = measure(
                    f"{label}: same, catalogue cache cold",
                    None,
                    runs,
                    prepare=lambda: cold_catalogue(last_step()),
                    status=302,
                )
                cold.note = "once per process after each catalogue change"
                rows.append(check(cold, cold.ms, TARGET_COMPLETE_MS, "ms", applies=False))
            return [*rows, *results_rows(label, tokens, anonymous, scope, at_scale)]

        phase.rows += guarded(f"{label}: last step POST", complete)
    return phase


def cold_catalogue_available() -> bool:
    try:
        from programmes.versioning import forget  # noqa: F401
    except ImportError:
        return False
    return True


def cold_catalogue(send: Callable[[], object]) -> Callable[[], object]:
    """`send`, to be run after this process forgot its cached catalogue."""
    from programmes.versioning import forget

    forget()
    return send


def journey(client, start_path: str, start_form: dict, rng: random.Random, tokens: list):
    """Start a journey and answer every step but the last; returns the last step's POST, to be
    sent under the timer."""
    from orientation.models import Response

    start = client.post(start_path, {**start_form, "pseudonym": "", "cohort_code": ""})
    if start.status_code != 302:
        raise RuntimeError(f"{start_path}: HTTP {start.status_code}")
    token = start["Location"].split("/")[2]
    tokens.append(token)
    steps = Response.objects.get(token=token).questions
    for number, step in enumerate(steps, start=1):
        data = {q["key"]: rng.choice(ANSWERS) for q in step["questions"]}
        path = f"/r/{token}/etape/{number}/"
        if number == len(steps):
            data["action"] = "finish"
            return lambda path=path, data=data: client.post(path, data)
        reply = client.post(path, {**data, "action": "next"})
        if reply.status_code != 302:
            raise RuntimeError(f"step {number}: HTTP {reply.status_code}")
    raise RuntimeError(f"{start_path}: a questionnaire without steps")


def results_rows(label: str, tokens: list[str], client, scope: str, at_scale: bool) -> list[Row]:
    """The result stored by the last journey, and its results page rendered the first time."""
    from orientation.models import Response

    token = tokens[-1]
    result = Response.objects.get(token=token).result
    stored = len(json.dumps(result))
    rows = []
    kind = "discovery" if label.startswith("discovery") else "programme"
    stored_row = Row(f"{kind} result stored (JSON of Response.result)", size=stored, bare=False)
    if kind == "discovery":
        check(stored_row, stored / 1024, TARGET_RESULT_KB, "KB", scope=scope, applies=at_scale)
    rows.append(stored_row)
    # First view of each fresh response (results pages are cached once rendered).
    times, size = [], 0
    for each in tokens:
        started = time.perf_counter()
        page = client.get(f"/r/{each}/")
        html = page.content
        times.append(1000 * (time.perf_counter() - started))
        if page.status_code != 200:
            raise RuntimeError(f"results page: HTTP {page.status_code}")
        size = len(html)
    page_row = Row(
        f"{kind} results page /r/<token>/ (first view)",
        ms=statistics.median(times),
        size=size,
        note=f"median of {len(times)} fresh responses",
    )
    if kind == "discovery":
        check(page_row, size / 1024, TARGET_PAGE_KB, "KB", scope=scope, applies=at_scale)
    rows.append(page_row)
    return rows


def print_phase(phase: Phase, args: argparse.Namespace, vendor: str) -> None:
    print(
        f"\n{vendor}, {phase.title}: in-process test client, DEBUG off, median of {args.runs} "
        "runs after 1 warm-up"
    )
    print(
        f"  {'':{WIDTH}} {'median':>10} {'× bare':>8} {'queries':>8} {'SQL':>9} {'size':>9}"
        "   target"
    )
    for row in phase.rows:
        ms = (
            ""
            if row.ms is None
            else f"{row.ms:8.1f} ms"
            if row.ms < 10_000
            else f"{row.ms / 1000:8.1f} s"
        )
        ratio = (
            f"{row.ms / phase.bare_ms:7.0f}×"
            if row.ms is not None and phase.bare_ms and row.bare and row.label != BARE
            else ""
        )
        queries = "" if row.queries is None else str(row.queries)
        size = "" if row.size is None else f"{row.size / 1024:6.1f} KB"
        verdict = (
            ""
            if not row.target
            else row.target
            + (" (for information)" if row.ok is None else ": ok" if row.ok else ": MISSED")
        )
        sql = "" if row.sql_ms is None else f"{row.sql_ms:6.1f} ms"
        print(
            f"  {row.label:{WIDTH}} {ms:>10} {ratio:>8} {queries:>8} {sql:>9} {size:>9}   {verdict}"
        )
        if row.note:
            print(f"  {'':{WIDTH}}   {row.note}")
    print("  SQL: the warm-up's queries, summed; slowest query of each warm-up (≥ 1 ms):")
    for row in phase.rows:
        if row.slowest and row.slowest[0] >= 1:
            sql = " ".join(row.slowest[1].split())
            print(f"    {row.label[:48]:48} {row.slowest[0]:7.1f} ms  {sql[:150]}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
