"""Peak memory of `manage.py import_programmes` on hostile archives (zip bombs, deep nesting).

    .venv/bin/python benchmarks/bench_archive_bombs.py [--strict]

Builds, in a temporary folder, a 500 MB member in a ~500 KB zip, a zip of 8 such members
(4 GB), a member of 30 MiB of zeros (under every size cap: only the compression ratio refuses
it), a 500 MB member whose header announces 1 MiB, and a zip nested 20 levels deep; then runs
the real command on each under `/usr/bin/time -v` (Debian package `time`), against a throw-away
SQLite database, and prints the peak RSS, the exit status and the importer's message. The
bundled XML export zip is measured too, as the legitimate reference. Target: every hostile case
refused under 200 MB peak RSS. With --strict, exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
TIME = Path("/usr/bin/time")
MB = 1000 * 1000
MIB = 1024 * 1024
TARGET_MB = 200
FICHE = next((ROOT / "programmes/data/onisep/fiches-bts-2025-10-21").glob("*.md"))


def write_zeros_member(bundle: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of size zero bytes, written in 1 MiB steps (the builder stays small too)."""
    block = bytes(MIB)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with bundle.open(info, "w", force_zip64=size > 0x7FFFFFFF) as member:
        left = size
        while left > 0:
            member.write(block[: min(left, MIB)])
            left -= MIB


def zeros_zip(path: Path, *, members: int, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for number in range(1, members + 1):
            name = "export.xml" if members == 1 else f"export-{number}.xml"
            write_zeros_member(bundle, name, size)
    return path


def lying_zip(path: Path) -> Path:
    """A 500 MB member whose central directory announces 1 MiB."""
    zeros_zip(path, members=1, size=500 * MB)
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the central directory, at the end
    struct.pack_into("<I", data, entry + 24, MIB)  # uncompressed size
    path.write_bytes(bytes(data))
    return path


def nested_zip(path: Path, *, levels: int) -> Path:
    """levels archives, each holding the next; the innermost holds a real fiche."""
    inner = path.with_suffix(".level.zip")
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(FICHE, FICHE.name)
    for level in range(levels - 1, 0, -1):
        outer = path.with_name(f"level-{level}.zip")
        with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as bundle:
            bundle.write(inner, f"level-{level + 1}.zip")
        inner.unlink()
        inner = outer
    inner.rename(path)
    return path


def run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def measure(path: Path, env: dict[str, str]) -> tuple[int, float, float, list[str]]:
    """(exit status, peak RSS in MB, seconds, importer lines) of one import."""
    command = [str(PYTHON), "manage.py", "import_programmes", "--no-color", "-v", "0", str(path)]
    started = time.perf_counter()
    done = run([str(TIME), "-v", *command], env)
    seconds = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    status = re.search(r"Exit status: (\d+)", done.stderr)
    if peak is None or status is None:
        raise SystemExit(f"/usr/bin/time gave no figures:\n{done.stderr}")
    output = done.stderr.split("\tCommand being timed")[0] + done.stdout
    lines = [
        line
        for line in output.splitlines()
        if line.strip() and not line.startswith("Command exited with")  # said by time(1)
    ]
    return int(status.group(1)), int(peak.group(1)) * 1024 / MB, seconds, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    if not TIME.exists():
        print("/usr/bin/time is missing: apt-get install time", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="capbts-bombs-") as directory:
        folder = Path(directory)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "CAPBTS_VAR_DIR": str(folder),
            "DJANGO_SETTINGS_MODULE": "orientation.config.settings",
        }
        migrated = run([str(PYTHON), "manage.py", "migrate", "-v", "0"], env)
        if migrated.returncode:
            raise SystemExit(migrated.stderr)
        started = time.perf_counter()
        cases = [
            ("500 MB bomb", zeros_zip(folder / "bomb.zip", members=1, size=500 * MB), True),
            ("8 x 500 MB", zeros_zip(folder / "bomb-8.zip", members=8, size=500 * MB), True),
            ("30 MiB of zeros", zeros_zip(folder / "ratio.zip", members=1, size=30 * MIB), True),
            ("lying header", lying_zip(folder / "lying.zip"), True),
            ("20 levels nested", nested_zip(folder / "nested.zip", levels=20), True),
        ]
        reference = ROOT / "tests" / "data" / "ideo-fiches-formations-2024-06-25.xml.zip"
        shutil.copy(reference, folder / reference.name)
        cases.append(("real XML export", folder / reference.name, False))
        print(f"(archives built in {time.perf_counter() - started:.1f} s)")
        missed = False
        for label, path, hostile in cases:
            status, peak, seconds, lines = measure(path, env)
            verdict = ""
            if hostile:
                ok = status == 1 and peak < TARGET_MB
                missed |= not ok
                verdict = f"  (refused < {TARGET_MB} MB: {'ok' if ok else 'MISSED'})"
            size = path.stat().st_size
            print(
                f"{label:<18} {size / 1000:>8.0f} KB  exit {status}  peak RSS {peak:6.1f} MB  "
                f"{seconds:5.2f} s{verdict}"
            )
            for line in lines:
                print(f"{'':<20}{line.replace(str(folder) + '/', '')}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
