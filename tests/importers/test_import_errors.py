"""Bad input: one clear French line naming the file, exit status 1, the other files imported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.core.management import execute_from_command_line

from programmes.models import Metier, Programme
from tests.importers.conftest import (
    AUDIOVISUEL_CODE,
    AUDIOVISUEL_FICHE,
    copy_into,
    make_fiche,
    run_command,
)

pytestmark = pytest.mark.django_db


def assert_failed_alone(result, bad: Path | str, message: str) -> None:
    """The run failed because of bad only (one line naming it), and the good fiche imported."""
    assert result.status == 1
    error_lines = [line for line in result.err.splitlines() if not line.startswith("CommandError")]
    assert error_lines == [f"{bad} : {message}"] or (
        len(error_lines) == 1 and error_lines[0].startswith(f"{bad} : {message}")
    )
    assert "1 créée(s)" in result.out and "1 en échec." in result.out
    assert Programme.objects.filter(code_scolarite=AUDIOVISUEL_CODE).exists()


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder holding one good fiche, where each test drops one bad file."""
    return copy_into(tmp_path / "import", AUDIOVISUEL_FICHE)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.md", b"", "fichier vide"),
        ("blanc.md", b"  \n\n ", "fichier vide"),
        (
            "latin1.md",
            make_fiche().encode("latin-1"),
            "le fichier n'est pas encodé en UTF-8 (octet invalide à la position",
        ),
        (
            "nul.md",
            make_fiche(code="99999909").replace("Description", "Descr\x00iption").encode(),
            "le fichier contient des caractères nuls : fichier binaire ou endommagé",
        ),
        (
            "notes.md",
            "# Notes\n\nQuelques idées.\n".encode(),
            "ce n'est pas une fiche formation ONISEP (section « Informations générales » absente)",
        ),
        (
            "sans-titre.md",
            make_fiche(code="99999902").replace("# BTS essai\n", "").encode(),
            "pas de titre (ligne « # nom de la formation »)",
        ),
        (
            "sans-code.md",
            make_fiche().replace("**Code scolarité:** 99999901\n", "").encode(),
            "pas de code scolarité (ligne « **Code scolarité:** »)",
        ),
        (
            "z-copie.md",
            AUDIOVISUEL_FICHE.read_bytes(),
            "code scolarité 32032328 déjà lu dans",
        ),
        (
            "archive.zip",
            b"PK\x03\x04 ceci n'est pas une archive",
            "archive zip illisible ou corrompue",
        ),
        (
            "export.xml",
            b"<formations><formation><identifiant>FOR.1</identifiant>",
            "XML mal formé (ligne 1",
        ),
        ("metiers.json", b'[{"libelle_metier": ', "JSON illisible (ligne 1"),
    ],
    ids=[
        "empty",
        "blank",
        "not-utf8",
        "nul-characters",
        "not-a-fiche",
        "no-title",
        "no-code",
        "same-code-twice",
        "broken-zip",
        "broken-xml",
        "broken-json",
    ],
)
def test_a_bad_file_fails_alone_with_one_clear_line(folder, name, content, message):
    bad = folder / name
    bad.write_bytes(content)
    result = run_command(folder)
    assert_failed_alone(result, bad, message)
    assert not Programme.objects.filter(code_scolarite__in=["99999901", "99999902"]).exists()
    assert Metier.objects.count() == 0


def test_with_the_same_code_twice_the_first_file_is_imported(folder):
    (folder / "z-copie.md").write_text(
        AUDIOVISUEL_FICHE.read_text(encoding="utf-8").replace("2 ans", "9 ans"), encoding="utf-8"
    )
    run_command(folder)
    programme = Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)
    assert programme.duration == "2 ans"
    assert programme.import_source == AUDIOVISUEL_FICHE.name


def test_a_missing_path_is_reported(folder, tmp_path):
    missing = tmp_path / "absent.md"
    result = run_command(folder, missing)
    assert_failed_alone(result, missing, "fichier ou dossier introuvable")


def test_a_bad_member_of_a_zip_is_named_inside_its_archive(folder):
    archive = folder / "lot.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("lot/vide.md", "")
    result = run_command(folder)
    assert_failed_alone(result, f"{archive}:lot/vide.md", "fichier vide")


def test_a_fiche_that_does_not_fit_the_database_fails_alone(folder):
    (folder / "long.md").write_text(make_fiche(name="BTS " + "x" * 300), encoding="utf-8")
    result = run_command(folder)
    assert_failed_alone(
        result, folder / "long.md", "valeur trop longue pour « nom » (304 caractères, 255 au plus)"
    )


def test_the_command_exits_with_status_1_on_bad_input(folder, capsys):
    (folder / "vide.md").write_bytes(b"")
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "import_programmes", "--no-color", str(folder)])
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert f"{folder / 'vide.md'} : fichier vide" in captured.err
    assert "CommandError: 1 fichier ou fiche en échec (voir ci-dessus)." in captured.err
    assert "Import terminé : 1 créée(s)" in captured.out


def test_the_command_succeeds_with_status_0_on_good_input(folder, capsys):
    execute_from_command_line(["manage.py", "import_programmes", str(folder)])
    assert "Import terminé : 1 créée(s), 0 mise(s) à jour" in capsys.readouterr().out
