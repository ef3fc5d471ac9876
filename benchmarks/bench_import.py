"""Time the ONISEP importer on a throw-away SQLite database.

    .venv/bin/python benchmarks/bench_import.py [--strict]

Measures: importing the bundled catalogue (123 fiches + formations + Idéo-Métiers; target
≤ 3 s), re-importing it unchanged (target ≤ 1 s), importing the 2,342-fiche archive of every
diploma into an empty catalogue, and the XML export. With --strict, exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"bundled": 3.0, "unchanged": 1.0}


def setup_django(directory: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["CAPBTS_VAR_DIR"] = directory
    os.environ["DJANGO_SETTINGS_MODULE"] = "orientation.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def empty_catalogue() -> None:
    from programmes.models import Attendu, Domain, Metier, Programme

    Programme.objects.all().delete()  # cascades to attendus and métiers of programmes
    Attendu.objects.all().delete()
    Domain.objects.all().delete()
    Metier.objects.all().delete()


def timed(label: str, paths: list[Path]) -> tuple[str, float, str]:
    from programmes.importers.run import run_import

    started = time.perf_counter()
    report = run_import(paths=paths)
    seconds = time.perf_counter() - started
    if report.failures:
        raise SystemExit(f"{label}: {len(report.failures)} failure(s): {report.failures[:3]}")
    return label, seconds, report.summary()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    onisep = ROOT / "programmes" / "data" / "onisep"
    data = ROOT / "tests" / "data"
    with tempfile.TemporaryDirectory(prefix="capbts-bench-") as directory:
        setup_django(directory)
        rows = [
            timed("bundled", [onisep]),
            timed("unchanged", [onisep]),
        ]
        empty_catalogue()
        rows.append(timed("all-formations zip", [data / "fiches-toutes-formations-2025-10-21.zip"]))
        empty_catalogue()
        rows.append(
            timed(
                "xml export zip",
                [data / "ideo-fiches-formations-2024-06-25.xml.zip", onisep / "ideo-metiers.json"],
            )
        )
    missed = False
    for label, seconds, summary in rows:
        target = TARGETS.get(label)
        verdict = ""
        if target is not None:
            verdict = f"  (target ≤ {target:.0f} s: {'ok' if seconds <= target else 'MISSED'})"
            missed |= seconds > target
        print(f"{label:<20} {seconds:6.2f} s{verdict}")
        print(f"{'':<20} {summary}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
