"""The load test and the bench endpoint: kept working, and the bare view off by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_bare_bench_view_is_not_routed_by_default(client):
    assert client.get("/_bench/bare/", HTTP_HOST="127.0.0.1").status_code == 404


@pytest.mark.slow
def test_a_small_load_test_completes_without_error_or_loss():
    """5 students through gunicorn on a fresh SQLite database (the full run uses 200)."""
    run = subprocess.run(
        [sys.executable, "benchmarks/loadtest.py", "--db", "sqlite", "--students", "5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 students, 5 completed" in run.stdout
    assert "errors 0 (HTTP ≥ 400: 0), lost 0, duplicated 0, responses stored 5" in run.stdout
