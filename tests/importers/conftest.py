"""Fixtures of the importer tests: the bundled data, parsed once, and imported once per module."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from programmes.importers.markdown import parse_fiche
from programmes.importers.records import FicheData
from programmes.importers.report import ImportReport
from programmes.importers.run import run_import

ROOT = Path(__file__).resolve().parents[2]
ONISEP = ROOT / "programmes" / "data" / "onisep"
FICHES = ONISEP / "fiches-bts-2025-10-21"
FORMATIONS = ONISEP / "formations-initiales-bts-2025"
METIERS_JSON = ONISEP / "ideo-metiers.json"
XML_ZIP = ROOT / "tests" / "data" / "ideo-fiches-formations-2024-06-25.xml.zip"
ALL_FORMATIONS_ZIP = ROOT / "tests" / "data" / "fiches-toutes-formations-2025-10-21.zip"

AUDIOVISUEL_CODE = "32032328"
AUDIOVISUEL_FICHE = FICHES / "FOR.5813_bts_metiers_de_laudiovisuel_option_gestion_de_production.md"
AUDIOVISUEL_FORMATION = (
    FORMATIONS / "formation_04903_bts_metiers_de_laudiovisuel_option_gestion_de_production.md"
)


def fiche_path(prefix: str) -> Path:
    """The bundled fiche whose file name starts with prefix (e.g. "FOR.273_")."""
    (path,) = FICHES.glob(f"{prefix}*.md")
    return path


def formation_path(code: str) -> Path:
    """The bundled formations-initiales file of a code scolarité."""
    for path in FORMATIONS.glob("*.md"):
        if f"**Code scolarité:** {code}\n" in path.read_text(encoding="utf-8"):
            return path
    raise LookupError(code)


@pytest.fixture(scope="session")
def bundled_fiches() -> dict[str, FicheData]:
    """The 123 bundled fiches, parsed once, by file name."""
    return {
        path.name: parse_fiche(text=path.read_text(encoding="utf-8"), source=path.name)
        for path in sorted(FICHES.glob("*.md"))
    }


@pytest.fixture(scope="module")
def bundled_import(django_db_setup, django_db_blocker) -> Iterator[ImportReport]:
    """The bundled folder (fiches + formations + métiers) imported once for a test module, in a
    transaction rolled back after the module. Tests using it are marked django_db: each one runs
    in a savepoint inside this transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = run_import(paths=[ONISEP])
        yield report
        transaction.set_rollback(True)


@dataclass
class CommandResult:
    status: int
    out: str
    err: str


def run_command(*paths: Path | str, dry_run: bool = False, verbosity: int = 1) -> CommandResult:
    """Run manage.py import_programmes; status 1 when it ends with CommandError (as manage.py
    would exit)."""
    out, err = StringIO(), StringIO()
    status = 0
    try:
        call_command(
            "import_programmes",
            *[str(p) for p in paths],
            dry_run=dry_run,
            verbosity=verbosity,
            stdout=out,
            stderr=err,
            no_color=True,
        )
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        status = 1
    return CommandResult(status, out.getvalue(), err.getvalue())


def copy_into(folder: Path, *files: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


FICHE_TEMPLATE = """# {name}

## Informations générales

**Code scolarité:** {code}
{extra_fields}**Durée:** 2 ans
**Niveau de certification:** niveau 5
**Type:** {type_label}

## Description

Une description.

## Accès

### Accès
            Accessible avec un bac général ou un bac professionnel.

## Attendus

### Attendus nationaux de la plateforme d'inscription dans l'enseignement supérieur Parcoursup
            {attendus}

## Métiers associés

- technicien/ne d'essais
"""


def make_fiche(
    *,
    code: str = "99999901",
    name: str = "BTS essai",
    type_label: str = "brevet de technicien supérieur (BTS)",
    extra_fields: str = "",
    attendus: tuple[str, ...] = ("Disposer de capacités d'organisation et d'autonomie",),
) -> str:
    """A small synthetic Markdown fiche in the reference format."""
    bullets = "\n\n".join(f"                - \n                    {a}" for a in attendus)
    return FICHE_TEMPLATE.format(
        code=code,
        name=name,
        type_label=type_label,
        extra_fields=extra_fields,
        attendus=bullets.lstrip(),
    )
