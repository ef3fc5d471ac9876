"""A throw-away Cap BTS behind gunicorn, for the load test and the HTTP benchmark.

Loopback only: the site listens on 127.0.0.1 and every client here talks to it alone.

- `prepare_environment(db, workdir)`: production-like settings (DEBUG off, a random secret key,
  no HTTPS redirect or secure cookies since there is no TLS on loopback, no submission limit since
  every simulated student shares 127.0.0.1) on a fresh SQLite file or a fresh PostgreSQL
  database.
- `build_site(env)`: migrate, cache table, the real catalogue and its items, collectstatic.
- `Gunicorn(env)`: ≥ 2 sync workers on a free port, stopped on exit.
- `Student`: one lycéen completing a programme questionnaire over plain HTTP (stdlib only).
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"
DEFAULT_PG_URL = "postgres://capbts:capbts@127.0.0.1:5432/capbts"
ANSWERS = ("pas-du-tout", "plutot-pas", "plutot", "tout-a-fait", "ne-sais-pas")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fresh_postgres_database(name: str) -> str:
    """Drop and create database `name` on the server of CAPBTS_LOAD_PG_URL (or DATABASE_URL if
    it is PostgreSQL, or the local default); its URL."""
    import psycopg

    base = os.environ.get("CAPBTS_LOAD_PG_URL") or os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = DEFAULT_PG_URL
    parts = urllib.parse.urlsplit(base)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgres_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def prepare_environment(db: str, workdir: Path) -> dict[str, str]:
    if db == "sqlite":
        database_url = f"sqlite:///{workdir / 'capbts.sqlite3'}"
    elif db == "postgres":
        database_url = fresh_postgres_database(f"capbts_load_{os.getpid()}")
    else:
        raise ValueError(db)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CAPBTS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="orientation.config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_LOG_LEVEL="ERROR",
        DATABASE_URL=database_url,
        # Persistent connections, as a production deployment would run.
        DB_CONN_MAX_AGE="60",
        CAPBTS_VAR_DIR=str(workdir),
        DJANGO_STATIC_ROOT=str(workdir / "staticfiles"),
        CAPBTS_SUBMISSIONS_PER_MINUTE="0",
        CAPBTS_BENCH_ENDPOINTS="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build_site(env: dict[str, str]) -> None:
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "import_programmes", "programmes/data/onisep", "--verbosity", "0")
    manage(env, "generate_questionnaire_items", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


class Gunicorn:
    """gunicorn orientation.config.wsgi -w WORKERS -b 127.0.0.1:PORT, up until the context exits."""

    def __init__(self, env: dict[str, str], *, workers: int = 2) -> None:
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "orientation.config.wsgi",
                "-w",
                str(self.workers),
                "-b",
                f"{HOST}:{self.port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@contextmanager
def site(db: str, workdir: Path, *, workers: int = 2) -> Iterator[tuple[Gunicorn, dict]]:
    env = prepare_environment(db, workdir)
    try:
        build_site(env)
        with Gunicorn(env, workers=workers) as server:
            yield server, env
    finally:
        if db == "postgres":
            drop_postgres_database(env["DATABASE_URL"])


# --- A simulated student -----------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTION = re.compile(r'name="([qdi]\d+)"')
TOKEN = re.compile(r"^/r/([A-Za-z0-9_-]+)/etape/1/$")


class Failed(Exception):
    pass


@dataclass
class Student:
    """Completes the programme questionnaire of `slug`: GET the start page, POST it with its
    CSRF token and cookie, GET and POST every step, GET the results."""

    number: int
    slug: str
    port: int
    deadline: float
    timings: list[tuple[str, float, int]] = field(default_factory=list)
    token: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    error: str = ""

    def __post_init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.rng = random.Random(self.number)
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)

    def request(self, kind: str, method: str, path: str, form: dict | None = None):
        if time.monotonic() > self.deadline:
            raise Failed("time limit reached")
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A closed keep-alive connection (gunicorn's sync workers close after each
                # response): reconnect once, as a browser would.
                self.conn.close()
                if attempt == 2:
                    raise
        elapsed = time.perf_counter() - start
        self.timings.append((kind, elapsed, response.status))
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.conn.close()
        return response.status, response.headers, content.decode("utf-8", "replace")

    def expect(self, status: int, wanted: int, what: str) -> None:
        if status != wanted:
            raise Failed(f"{what}: HTTP {status} instead of {wanted}")

    def run(self) -> Student:
        try:
            self._journey()
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.conn.close()
        return self

    def _journey(self) -> None:
        start = f"/questionnaire/{self.slug}/"
        status, _headers, html = self.request("start GET", "GET", start)
        self.expect(status, 200, "start page")
        form = {
            "csrfmiddlewaretoken": CSRF_FIELD.search(html)[1],
            "bac_track": self.rng.choice(["", "stmg", "sti2d", "pro", "general"]),
            "pseudonym": f"Élève {self.number}",
            "cohort_code": "",
        }
        status, headers, _html = self.request("start POST", "POST", start, form)
        self.expect(status, 302, "start form")
        match = TOKEN.match(headers["Location"])
        if not match:
            raise Failed(f"unexpected redirect {headers['Location']}")
        self.token = match[1]
        path = headers["Location"]
        for _step in range(20):
            if "/etape/" not in path:
                break
            status, _headers, html = self.request("step GET", "GET", path)
            self.expect(status, 200, f"step {path}")
            keys = list(dict.fromkeys(QUESTION.findall(html)))
            if not keys:
                raise Failed(f"no question on {path}")
            form = {key: self.rng.choice(ANSWERS) for key in keys}
            self.answers.update(form)
            form.update(csrfmiddlewaretoken=CSRF_FIELD.search(html)[1], action="next")
            status, headers, _html = self.request("step POST", "POST", path, form)
            self.expect(status, 302, f"answers of {path}")
            path = headers["Location"]
        if path != f"/r/{self.token}/":
            raise Failed(f"the questionnaire did not end on the results: {path}")
        status, _headers, html = self.request("results GET", "GET", path)
        self.expect(status, 200, "results")
        if "Mon bilan" not in html:
            raise Failed("the results page does not show the result")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]
