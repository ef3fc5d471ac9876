"""Fixtures of the orientation tests: the real attendu texts of the bundled ONISEP TSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from programmes.models import Attendu, Programme, ProgrammeAttendu
from programmes.text import attendu_key, clean_text

TSV = Path(__file__).resolve().parents[2] / "programmes/data/onisep/attendus-bts-2025.tsv"


def read_tsv() -> list[tuple[int, str]]:
    """(number of fiches, exact text) for each of the 305 distinct attendu texts."""
    with TSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [(int(count), text) for count, text, _example in rows]


TSV_ROWS = read_tsv()
REAL_TEXTS = [text for _count, text in TSV_ROWS]


def make_attendu(text: str) -> Attendu:
    """The attendu with this text's key, created if needed (as the importer stores it)."""
    attendu, _created = Attendu.objects.get_or_create(
        text_key=attendu_key(text), defaults={"text": clean_text(text)}
    )
    return attendu


def make_programme(*, name: str, attendus: list[str]) -> Programme:
    """A published programme with these attendu texts, in order."""
    number = Programme.objects.count() + 1
    programme = Programme.objects.create(
        code_scolarite=f"9{number:07d}", slug=f"bts-test-{number}", name=name
    )
    for position, text in enumerate(attendus, start=1):
        ProgrammeAttendu.objects.create(
            programme=programme, attendu=make_attendu(text), position=position
        )
    return programme


@pytest.fixture
def real_attendus(db) -> list[Attendu]:
    """One Attendu row per distinct key of the 305 real texts (296 rows)."""
    return [make_attendu(text) for text in REAL_TEXTS]
