"""Fixtures of the orientation tests: the real attendu texts of the bundled ONISEP TSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from programmes.models import Attendu
from tests.factories import make_attendu

TSV = Path(__file__).resolve().parents[2] / "programmes/data/onisep/attendus-bts-2025.tsv"


def read_tsv() -> list[tuple[int, str]]:
    """(number of fiches, exact text) for each of the 305 distinct attendu texts."""
    with TSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [(int(count), text) for count, text, _example in rows]


TSV_ROWS = read_tsv()
REAL_TEXTS = [text for _count, text in TSV_ROWS]


@pytest.fixture
def real_attendus(db) -> list[Attendu]:
    """One Attendu row per distinct key of the 305 real texts (296 rows)."""
    return [make_attendu(text=text) for text in REAL_TEXTS]
