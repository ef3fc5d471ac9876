"""Random and hostile files through the ONISEP importer: its parsers raise only their own
errors, and `import_programmes` reports bad files (exit status 1) and stores nothing from them."""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes.importers.access import parse_access
from programmes.importers.batch import parse_sources
from programmes.importers.formations import parse_formation
from programmes.importers.markdown import parse_fiche
from programmes.importers.metiers import parse_metiers_json
from programmes.importers.records import NotInCatalogue, SourceError
from programmes.importers.xml_export import parse_xml_export
from programmes.models import Attendu, Domain, Metier, Programme

FUZZ = settings(
    max_examples=int(os.environ.get("CAPBTS_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DATA = Path(__file__).resolve().parents[2] / "programmes/data/onisep"
FICHE = next((DATA / "fiches-bts-2025-10-21").glob("*.md")).read_text(encoding="utf-8")
FORMATION = next((DATA / "formations-initiales-bts-2025").glob("*.md")).read_text(encoding="utf-8")
EXPECTED = (SourceError, NotInCatalogue)
NAMES = st.sampled_from(
    ["fiche.md", "a.markdown", "metiers.json", "export.xml", "bundle.zip", "notes.txt", "LISEZMOI"]
)


def mutate(text: str, data: st.DataObject) -> str:
    """A real file, damaged: lines dropped, repeated or garbled."""
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
        if not lines:
            break
        at = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "repeat", "garble", "truncate"]))
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "garble":
            lines[at] = data.draw(st.text(max_size=300))
        else:
            lines[at] = lines[at][: data.draw(st.integers(min_value=0, max_value=20))]
    return "\n".join(lines)


def parse_quietly(parser, **kwargs) -> None:
    with contextlib.suppress(EXPECTED):
        parser(**kwargs)


@given(text=st.text(max_size=3000))
@FUZZ
def test_text_parsers_raise_only_their_own_errors(text):
    parse_quietly(parse_fiche, text=text, source="x.md")
    parse_quietly(parse_formation, text=text, source="x.md")
    parse_quietly(parse_metiers_json, text=text)
    assert isinstance(parse_access(text), set)


@given(data=st.binary(max_size=3000))
@FUZZ
def test_xml_parser_raises_only_its_own_errors(data):
    parse_quietly(parse_xml_export, data=b"<?xml version='1.0'?>" + data, source="x.xml")
    parse_quietly(parse_xml_export, data=data, source="x.xml")


@given(data=st.data())
@FUZZ
def test_damaged_real_files_raise_only_their_own_errors(data):
    parse_quietly(parse_fiche, text=mutate(FICHE, data), source="fiche.md")
    parse_quietly(parse_formation, text=mutate(FORMATION, data), source="formation.md")


@given(files=st.lists(st.tuples(NAMES, st.binary(max_size=2000)), min_size=1, max_size=3))
@FUZZ
def test_parse_sources_never_raises(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("random")
    for index, (name, content) in enumerate(files):
        (folder / f"{index}-{name}").write_bytes(content)
    batch = parse_sources(paths=[folder])
    assert batch.files + len(batch.failures) + len(batch.skipped) <= 3 * len(files)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Programme, Attendu, Metier, Domain))


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, content) in enumerate(entries):
            archive.writestr(f"{index}-{name}", content)
    return buffer.getvalue()


@pytest.mark.django_db
@given(
    files=st.lists(
        st.one_of(
            st.tuples(NAMES, st.binary(max_size=2000)),
            st.tuples(NAMES, st.text(max_size=2000).map(str.encode)),
            st.tuples(
                st.just("archive.zip"),
                st.lists(st.tuples(NAMES, st.binary(max_size=500)), max_size=3).map(zipped),
            ),
        ),
        min_size=1,
        max_size=3,
    )
)
@FUZZ
def test_import_command_stores_nothing_from_random_files(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("import")
    for index, (name, content) in enumerate(files):
        (folder / f"{index}-{name}").write_bytes(content)
    before = counts()
    with contextlib.suppress(CommandError):
        call_command("import_programmes", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    assert counts() == before


@pytest.mark.django_db
@given(data=st.data())
@FUZZ
def test_import_command_on_a_damaged_fiche_fails_cleanly_or_stores_a_valid_programme(
    tmp_path_factory, data
):
    folder = tmp_path_factory.mktemp("damaged")
    (folder / "fiche.md").write_text(mutate(FICHE, data), encoding="utf-8")
    before = Programme.objects.count()
    try:
        call_command("import_programmes", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError:
        assert Programme.objects.count() == before
        return
    for programme in Programme.objects.all():
        # Lengths and choices hold even where SQLite would not check them. (The "Lien" URL
        # is checked by test_a_hostile_link_is_not_stored_as_is below.)
        programme.full_clean(exclude=["link_url"])
    Programme.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["javascript:alert(1)", "[voir](javascript:alert(1))"])
def test_a_hostile_link_is_not_stored_as_is(tmp_path, client, link):
    lines = [
        f"**Lien:** {link}" if line.startswith("**Lien:**") else line for line in FICHE.splitlines()
    ]
    (tmp_path / "fiche.md").write_text("\n".join(lines), encoding="utf-8")
    call_command("import_programmes", str(tmp_path), stdout=io.StringIO())
    programme = Programme.objects.get()
    assert programme.link_url == "" or programme.link_url.startswith(("https://", "http://"))
    page = client.get(programme.get_absolute_url(), HTTP_HOST="127.0.0.1").content.decode()
    assert 'href="javascript:' not in page
