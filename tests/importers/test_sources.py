"""Walking files, folders and zip archives; the 2,342-fiche archive of every diploma."""

from __future__ import annotations

import zipfile

import pytest

from programmes.importers.sources import SourceFile, SourceKind, classify, iter_sources
from programmes.models import Programme
from tests.importers.conftest import (
    ALL_FORMATIONS_ZIP,
    AUDIOVISUEL_FICHE,
    AUDIOVISUEL_FORMATION,
    ONISEP,
    run_command,
)


def test_a_folder_gives_its_data_files_and_leaves_documentation_out():
    labels = [s.label for s in iter_sources(paths=[ONISEP])]
    assert len(labels) == 123 + 125 + 1
    assert not [label for label in labels if "README" in label or label.endswith(".tsv")]
    assert labels == sorted(labels)


def test_a_file_given_twice_is_read_once():
    sources = list(iter_sources(paths=[AUDIOVISUEL_FICHE, AUDIOVISUEL_FICHE.parent]))
    assert len(sources) == 123


def test_a_file_named_on_the_command_line_is_always_read(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Lisez-moi\n", encoding="utf-8")
    assert [s.label for s in iter_sources(paths=[readme])] == [str(readme)]
    assert list(iter_sources(paths=[tmp_path])) == []


def test_nested_archives_are_opened(tmp_path):
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as bundle:
        bundle.write(AUDIOVISUEL_FICHE, f"fiches/{AUDIOVISUEL_FICHE.name}")
        bundle.writestr("__MACOSX/fiches/._x.md", "junk")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as bundle:
        bundle.write(inner, "inner.zip")
        bundle.write(AUDIOVISUEL_FORMATION, AUDIOVISUEL_FORMATION.name)
    sources = list(iter_sources(paths=[outer]))
    assert [s.label for s in sources] == [
        f"{outer}:{AUDIOVISUEL_FORMATION.name}",
        f"{outer}:inner.zip:fiches/{AUDIOVISUEL_FICHE.name}",
    ]
    assert sources[1].name == f"outer.zip:inner.zip:{AUDIOVISUEL_FICHE.name}"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.md", AUDIOVISUEL_FICHE.read_bytes(), SourceKind.FICHE),
        ("b.md", AUDIOVISUEL_FORMATION.read_bytes(), SourceKind.FORMATION),
        ("c.json", b"[]", SourceKind.METIERS),
        ("d.xml", b"<formations/>", SourceKind.XML_EXPORT),
        ("e.zip", b"PK\x03\x04", SourceKind.ARCHIVE),
        ("export", b"\xef\xbb\xbf <formations/>", SourceKind.XML_EXPORT),
        ("metiers.txt", b'[{"libelle_metier": "x"}]', SourceKind.METIERS),
    ],
)
def test_files_are_classified_by_extension_then_content(name, data, kind):
    assert classify(name=name, data=data) is kind
    assert SourceFile(name, name, data).name == name


@pytest.mark.django_db
def test_the_archive_of_every_diploma_imports_its_bts_and_skips_the_others():
    result = run_command(ALL_FORMATIONS_ZIP)
    assert result.status == 0, result.err
    assert result.err == ""
    assert result.out.splitlines()[-1] == (
        "Import terminé : 123 créée(s), 0 mise(s) à jour, 0 inchangée(s), 0 conflit(s), "
        "2219 ignorée(s), 0 en échec."
    )
    assert Programme.objects.count() == 123
    # Same fiches as the bundled folder: importing it afterwards changes nothing.
    again = run_command(ONISEP.parent / "onisep" / "fiches-bts-2025-10-21")
    assert "0 créée(s), 0 mise(s) à jour, 123 inchangée(s)" in again.out
