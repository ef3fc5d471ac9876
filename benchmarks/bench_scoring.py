"""Time `rank_suggestions` for one response against 1,000 synthetic programmes.

Run: `.venv/bin/python benchmarks/bench_scoring.py` (or `make bench`). Target: ≤ 20 ms median.

The synthetic catalogue mirrors the real one at eight times its size: 1,000 programmes of 3 to
10 attendus each, drawn from a pool of 2,400 attendus (1 to 3 items, 15 dimensions), so
attendus are shared between programmes as in the real data (792 occurrences of 296 attendus).
A second run uses attendus that are never shared, the worst case for the per-attendu cache.
The response answers 80 % of the items (a tenth of those with "Je ne sais pas").
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientation.config.settings")

import django

django.setup()

from orientation.dimensions import DIMENSION_SLUGS  # noqa: E402
from orientation.scoring import (  # noqa: E402
    AttenduSpec,
    ItemSpec,
    ProgrammeSpec,
    rank_suggestions,
)

PROGRAMMES = 1_000
POOL = 2_400
RUNS = 50
TARGET_MS = 20.0


def _attendu(rng: random.Random, attendu_id: int, next_item: list[int]) -> AttenduSpec:
    items = []
    for _ in range(rng.randint(1, 3)):
        next_item[0] += 1
        items.append(ItemSpec(next_item[0], rng.choice(DIMENSION_SLUGS)))
    return AttenduSpec(attendu_id, tuple(items))


def catalogue(*, shared: bool, seed: int = 2025) -> list[ProgrammeSpec]:
    rng = random.Random(seed)
    next_item = [0]
    pool = [_attendu(rng, a, next_item) for a in range(1, POOL + 1)]
    programmes = []
    next_attendu = POOL
    for programme_id in range(1, PROGRAMMES + 1):
        size = rng.randint(3, 10)
        if shared:
            attendus = tuple(rng.sample(pool, size))
        else:
            attendus = []
            for _ in range(size):
                next_attendu += 1
                attendus.append(_attendu(rng, next_attendu, next_item))
            attendus = tuple(attendus)
        programmes.append(ProgrammeSpec(programme_id, attendus))
    return programmes


def response(programmes: list[ProgrammeSpec], *, seed: int = 7) -> dict[int, int | None]:
    rng = random.Random(seed)
    item_ids = sorted({i.item_id for p in programmes for a in p.attendus for i in a.items})
    answers: dict[int, int | None] = {}
    for item_id in item_ids:
        if rng.random() < 0.8:
            answers[item_id] = None if rng.random() < 0.1 else rng.choice([0, 1, 2, 2, 3, 3])
    return answers


AREAS = [f"champ-{n}" for n in range(28)]


def profiles(programmes: list[ProgrammeSpec], *, seed: int = 11) -> dict[int, list[str]]:
    """One to three interest areas per programme, as in the editorial file."""
    rng = random.Random(seed)
    return {p.programme_id: rng.sample(AREAS, rng.randint(1, 3)) for p in programmes}


def median_ms(programmes: list[ProgrammeSpec], answers: dict[int, int | None]) -> float:
    areas = profiles(programmes)
    values = {area: random.Random(area).choice([0, 1, 2, 3, None]) for area in AREAS}

    def rank():
        rank_suggestions(programmes=programmes, areas=areas, area_values=values, answers=answers)

    rank()  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        rank()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    ok = True
    for label, shared in (("attendus partagés", True), ("attendus jamais partagés", False)):
        programmes = catalogue(shared=shared)
        answers = response(programmes)
        items = sum(len(a.items) for p in programmes for a in p.attendus)
        ms = median_ms(programmes, answers)
        verdict = "OK" if ms <= TARGET_MS else "TROP LENT"
        print(
            f"rank_suggestions, {PROGRAMMES} formations ({label}, {items} items, "
            f"{len(answers)} réponses) : médiane {ms:.1f} ms sur {RUNS} essais "
            f"(cible ≤ {TARGET_MS:.0f} ms) {verdict}"
        )
        ok = ok and ms <= TARGET_MS
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
