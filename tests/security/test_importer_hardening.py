"""Hostile input through the ONISEP importer: links, zip bombs, XML DTDs and symlinks.

Each case ends in one clear French line naming the file, nothing stored from it, and the other
files of the run still imported (the import fails as a whole only for the command's exit status).
"""

from __future__ import annotations

import copy
import io
import json
import os
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from programmes.importers import sources
from programmes.importers.links import LINK_HOSTS, link_refusal
from programmes.importers.records import SourceError
from programmes.importers.run import run_import
from programmes.importers.sources import SourceKind
from programmes.importers.xml_export import parse_xml_export
from programmes.models import Metier, Programme
from tests.importers.conftest import (
    ALL_FORMATIONS_ZIP,
    AUDIOVISUEL_CODE,
    AUDIOVISUEL_FICHE,
    AUDIOVISUEL_FORMATION,
    XML_ZIP,
    copy_into,
    make_fiche,
    run_command,
)

MiB = 1024 * 1024
OTHER_CODE = "99999901"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder holding one good fiche, where each test drops one hostile file."""
    return copy_into(tmp_path / "import", AUDIOVISUEL_FICHE)


def assert_refused_alone(result, bad: Path | str, message: str) -> None:
    """The run failed because of bad only (one line naming it), the good fiche was imported, and
    nothing else was."""
    assert result.status == 1
    lines = [line for line in result.err.splitlines() if not line.startswith("CommandError")]
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"{bad} : {message}"), lines[0]
    assert "Traceback" not in result.err
    assert list(Programme.objects.values_list("code_scolarite", flat=True)) == [AUDIOVISUEL_CODE]
    assert Metier.objects.count() == 0


def write_zip(
    path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return buffer.getvalue()


def big_fiche(size: int) -> bytes:
    """A real-looking fiche of about size bytes that compresses only about 2:1 (hex text)."""
    padding = os.urandom(size // 2).hex()
    return make_fiche(code=OTHER_CODE).replace("Une description.", padding).encode()


def xml_export(*, url: str, code: str = OTHER_CODE) -> bytes:
    """An XML export of one BTS whose <url> is url."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<formations>
  <formation>
    <identifiant>FOR.99901</identifiant>
    <code_scolarite>{code}</code_scolarite>
    <libelle_complet>BTS essai XML</libelle_complet>
    <type_Formation>
      <type_formation_sigle>BTS</type_formation_sigle>
      <type_formation_libelle>brevet de technicien supérieur</type_formation_libelle>
    </type_Formation>
    <url>{escape(url)}</url>
  </formation>
</formations>
""".encode()


# --- 1. One link policy, whatever the importer ---------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.onisep.fr/http/redirection/formation/slug/FOR.5813",
        "https://www.francecompetences.fr/recherche/rncp/37019",
        "http://enqdip.sup.adc.education.fr/bts/referentiel/BTS_SIO.pdf",
        "https://sti.eduscol.education.fr/formations/bts",
        "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000001",
        "https://chlorofil.fr/diplomes/secondaire/bts",
        "https://formations.mer.gouv.fr/bts",
        "https://www.education.gouv.fr/bo",
        "HTTPS://WWW.ONISEP.FR/a",
    ],
)
def test_links_to_the_sites_of_the_onisep_data_pass_the_policy(url):
    assert link_refusal(url=url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "seuls les liens http"),
        ("JavaScript:alert(1)//https://www.onisep.fr/", "seuls les liens http"),
        ("data:text/html,<b>x</b>", "seuls les liens http"),
        ("ftp://www.onisep.fr/a", "seuls les liens http"),
        ("/relative/path", "seuls les liens http"),
        ("//www.onisep.fr/a", "seuls les liens http"),
        ("https://www.onisep.fr/a b", "seuls les liens http"),
        ("https://evil.example/a", "« evil.example » hors de la liste"),
        ("https://onisep.fr.evil.example/a", "hors de la liste"),
        ("https://evilonisep.fr/a", "hors de la liste"),
        ("https://www.onisep.fr@evil.example/a", "hors de la liste"),
        ("https://evil.example\\@www.onisep.fr/a", "seuls les liens http"),
        ("https://[::1/a", "seuls les liens http"),
    ],
)
def test_other_links_are_refused_with_their_reason(url, reason):
    refusal = link_refusal(url=url)
    assert refusal is not None and reason in refusal


def test_the_allow_list_is_a_list_of_domains():
    assert "onisep.fr" in LINK_HOSTS
    assert all(host == host.lower().strip(".") and "/" not in host for host in LINK_HOSTS)


def link_urls() -> set[str]:
    return {
        url for row in Programme.objects.values_list("link_url", "onisep_url") for url in row if url
    } | {url for url in Metier.objects.values_list("onisep_url", flat=True) if url}


@pytest.mark.django_db
def test_a_javascript_url_in_the_xml_export_is_dropped_and_reported(tmp_path, client):
    export = tmp_path / "export.xml"
    export.write_bytes(xml_export(url="javascript:alert(document.cookie)"))
    report = run_import(paths=[export])
    programme = Programme.objects.get(code_scolarite=OTHER_CODE)
    assert programme.link_url == ""
    assert not [url for url in link_urls() if not url.startswith("https://www.onisep.fr/")]
    (dropped,) = report.dropped_links
    assert dropped.message() == (
        f"{export} (FOR.99901) : lien « lien de la fiche » écarté : seuls les liens http:// et "
        "https:// sont acceptés (javascript:alert(document.cookie))"
    )
    assert report.ok  # the programme itself is imported
    page = client.get(programme.get_absolute_url(), HTTP_HOST="127.0.0.1").content.decode()
    assert "javascript:" not in page


@pytest.mark.django_db
def test_the_command_names_each_dropped_link_and_counts_them_in_its_summary(tmp_path):
    export = tmp_path / "export.xml"
    export.write_bytes(xml_export(url="https://evil.example/a"))
    result = run_command(export)
    assert result.status == 0, result.err
    assert "lien « lien de la fiche » écarté" in result.out
    assert "(https://evil.example/a)" in result.out
    assert result.out.splitlines()[-1].endswith(
        "0 en échec. 1 lien écarté : seuls les liens http(s) vers les sites autorisés sont "
        "conservés."
    )
    assert Programme.objects.get().link_url == ""


@pytest.mark.django_db
def test_hostile_links_of_an_ideo_metiers_file_are_dropped_and_reported(tmp_path):
    rows = [
        {"libelle_metier": "pirate", "lien_site_onisepfr": "javascript:alert(1)//MET.99901"},
        {"libelle_metier": "espion", "lien_site_onisepfr": "https://evil.example/MET.99902"},
        {
            "libelle_metier": "honnête",
            "lien_site_onisepfr": "https://www.onisep.fr/http/redirection/metier/slug/MET.99903",
        },
    ]
    metiers = tmp_path / "metiers.json"
    metiers.write_text(json.dumps(rows), encoding="utf-8")
    report = run_import(paths=[metiers])
    assert dict(Metier.objects.values_list("onisep_id", "onisep_url")) == {
        "MET.99901": "",
        "MET.99902": "",
        "MET.99903": "https://www.onisep.fr/http/redirection/metier/slug/MET.99903",
    }
    assert [d.message() for d in report.dropped_links] == [
        f"{metiers} (MET.99901) : lien « fiche ONISEP » écarté : seuls les liens http:// et "
        "https:// sont acceptés (javascript:alert(1)//MET.99901)",
        f"{metiers} (MET.99902) : lien « fiche ONISEP » écarté : site « evil.example » hors de "
        "la liste des sites autorisés (https://evil.example/MET.99902)",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link", ["https://evil.example/x", "[voir](javascript:alert(1))", "javascript:alert(1)"]
)
def test_a_markdown_fiche_link_goes_through_the_same_policy(tmp_path, link):
    fiche = tmp_path / "fiche.md"
    fiche.write_text(make_fiche(extra_fields=f"**Lien:** {link}\n"), encoding="utf-8")
    report = run_import(paths=[fiche])
    assert Programme.objects.get().link_url == ""
    (dropped,) = report.dropped_links
    assert dropped.label == str(fiche) and dropped.field == "link_url"


@pytest.mark.django_db
def test_an_off_list_onisep_url_of_a_formations_record_is_dropped(tmp_path):
    text = AUDIOVISUEL_FORMATION.read_text(encoding="utf-8").replace(
        "https://www.onisep.fr/", "https://onisep.evil.example/"
    )
    formation = tmp_path / AUDIOVISUEL_FORMATION.name
    formation.write_text(text, encoding="utf-8")
    report = run_import(paths=[AUDIOVISUEL_FICHE, formation])
    programme = Programme.objects.get()
    assert (programme.onisep_url, programme.rncp_code) == ("", "37019")
    assert [d.field for d in report.dropped_links] == ["onisep_url"]


@pytest.mark.django_db
def test_every_link_of_the_bundled_exports_passes_the_policy():
    for path in (XML_ZIP, ALL_FORMATIONS_ZIP):
        report = run_import(paths=[path])
        assert report.dropped_links == [], path
        assert report.ok
    assert Programme.objects.exclude(link_url="").count() > 100


# --- 2. Bounded archive reading ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_over_the_cap_of_its_kind_is_refused(folder):
    archive = write_zip(folder / "lot.zip", {"lot/grosse.md": big_fiche(2 * MiB)})
    result = run_command(folder)
    assert_refused_alone(
        result, f"{archive}:lot/grosse.md", "fichier trop volumineux : plus de 1 Mio"
    )


@pytest.mark.django_db
def test_a_plain_file_over_the_cap_of_its_kind_is_refused_before_reading(folder, monkeypatch):
    big = folder / "grosse.md"
    big.write_bytes(big_fiche(2 * MiB))
    read_sizes = []
    real_read_capped = sources._read_capped

    def spy(stream, **kwargs):
        read_sizes.append(os.fstat(stream.fileno()).st_size)
        return real_read_capped(stream, **kwargs)

    monkeypatch.setattr(sources, "_read_capped", spy)
    result = run_command(folder)
    assert_refused_alone(result, big, "fichier trop volumineux : plus de 1 Mio")
    assert read_sizes == [AUDIOVISUEL_FICHE.stat().st_size]  # the big one was never read


@pytest.mark.django_db
def test_a_file_whose_size_is_unknown_is_read_up_to_the_cap_only(monkeypatch):
    # /proc files say they are empty; the read itself must stop at the cap.
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc")
    for kind in SourceKind:
        monkeypatch.setitem(sources.SIZE_LIMITS, kind, 256)
    result = run_command(status)
    assert result.status == 1
    assert f"{status} : fichier trop volumineux : plus de 256 octets" in result.err


@pytest.mark.django_db
def test_a_highly_compressible_member_is_refused_for_its_ratio(folder):
    bomb = b"<formations>" + b" " * (3 * MiB) + b"</formations>"
    archive = write_zip(folder / "bombe.zip", {"export.xml": bomb})
    assert archive.stat().st_size < 10_000
    result = run_command(folder)
    assert_refused_alone(
        result,
        f"{archive}:export.xml",
        "fichier refusé : taux de compression anormal (plus de 100 pour 1)",
    )


@pytest.mark.django_db
def test_reading_a_member_stops_at_its_cap_whatever_its_header_says(folder, monkeypatch):
    archive = write_zip(folder / "lot.zip", {"grosse.md": big_fiche(3 * MiB)})
    real_open, real_infolist = zipfile.ZipFile.open, zipfile.ZipFile.infolist
    pulled = []

    def lying_infolist(self):
        # The header announces 100 bytes...
        infos = [copy.copy(info) for info in real_infolist(self)]
        for info in infos:
            info.file_size = 100
        return infos

    def true_open(self, name, *args, **kwargs):
        # ...while the data runs on: a reader trusting the header would read it all.
        real = self.getinfo(name if isinstance(name, str) else name.filename)
        stream = real_open(self, real, *args, **kwargs)
        read = stream.read

        def counting_read(n=-1):
            chunk = read(n)
            pulled.append(len(chunk))
            return chunk

        stream.read = counting_read
        return stream

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying_infolist)
    monkeypatch.setattr(zipfile.ZipFile, "open", true_open)
    result = run_command(folder)
    assert_refused_alone(result, f"{archive}:grosse.md", "fichier trop volumineux : plus de 1 Mio")
    assert sum(pulled) <= 1 * MiB + sources.READ_CHUNK


@pytest.mark.django_db
def test_an_archive_over_the_total_cap_is_refused_whole_before_reading(folder):
    spaces = b" " * (14 * MiB)  # each under the 16 MiB cap of a JSON file; 70 MiB in all
    members = {f"metiers-{n}.json": spaces for n in range(5)}
    members["fiche.md"] = make_fiche(code=OTHER_CODE).encode()
    archive = write_zip(folder / "lot.zip", members)
    result = run_command(folder)
    assert_refused_alone(result, archive, "archive refusée : plus de 64 Mio une fois décompressée")


@pytest.mark.django_db
def test_archives_nested_three_deep_are_refused(folder):
    inner = zip_bytes({"fiche.md": make_fiche(code=OTHER_CODE).encode()})
    middle = zip_bytes({"niveau3.zip": inner})
    archive = write_zip(folder / "niveau1.zip", {"niveau2.zip": middle})
    result = run_command(folder)
    assert_refused_alone(
        result,
        f"{archive}:niveau2.zip:niveau3.zip",
        "archive refusée : plus de 2 niveaux d'archives imbriquées",
    )


@pytest.mark.django_db
def test_a_member_compressed_with_another_method_is_refused(folder):
    archive = write_zip(
        folder / "lot.zip",
        {"fiche.md": make_fiche(code=OTHER_CODE).encode()},
        compression=zipfile.ZIP_BZIP2,
    )
    result = run_command(folder)
    assert_refused_alone(
        result, f"{archive}:fiche.md", "fichier refusé : méthode de compression non acceptée"
    )


@pytest.mark.django_db
def test_a_refused_archive_changes_nothing_already_stored(folder, monkeypatch):
    assert run_command(folder).status == 0
    before = Programme.objects.values().get()
    monkeypatch.setattr(sources, "ARCHIVE_MAX_TOTAL", 64 * 1024)
    changed = AUDIOVISUEL_FICHE.read_text(encoding="utf-8").replace("2 ans", "3 ans")
    archive = write_zip(
        folder.parent / "lot.zip", {"fiche.md": changed.encode(), "metiers.json": b" " * MiB}
    )
    result = run_command(archive)
    assert result.status == 1
    assert f"{archive} : archive refusée : plus de 64 Kio une fois décompressée" in result.err
    assert Programme.objects.values().get() == before


# --- 3. XML: no DTD, wherever it stands -------------------------------------------------------


DTD_MESSAGE = "déclaration DTD refusée"
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE formations [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>\n<formations><formation><libelle_complet>&lol9;</libelle_complet></formation>"
    + b"</formations>"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!--'
        + b"x" * 5000
        + b'-->\n<!DOCTYPE formations [<!ENTITY e "BTS">]>\n'
        + xml_export(url="https://www.onisep.fr/a").split(b"\n", 1)[1],
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE formations [<!ENTITY e "x">]>\n'
        "<formations/>".encode("utf-16"),
        LAUGHS,
        b'<?xml version="1.0"?>\n<!DOCTYPE formations [<!ENTITY secret SYSTEM '
        b'"file:///etc/passwd">]>\n<formations><formation><libelle_complet>&secret;'
        b"</libelle_complet></formation></formations>",
    ],
    ids=["after-a-5kb-comment", "utf-16", "billion-laughs", "external-entity"],
)
def test_an_xml_with_a_dtd_is_refused_wherever_it_stands(folder, data):
    bad = folder / "export.xml"
    bad.write_bytes(data)
    with pytest.raises(SourceError) as error:
        parse_xml_export(data=data, source="export.xml")
    assert error.value.message.startswith(DTD_MESSAGE)
    assert_refused_alone(run_command(folder), bad, DTD_MESSAGE)


# --- 4. Symlinks in a folder are not followed ---------------------------------------------------


@pytest.mark.django_db
def test_a_symlink_to_a_file_outside_the_folder_is_not_followed(folder, tmp_path):
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text(make_fiche(code=OTHER_CODE), encoding="utf-8")
    link = folder / "lien.md"
    link.symlink_to(secret)
    (folder / "passwd.md").symlink_to("/etc/passwd")
    result = run_command(folder)
    assert result.status == 1
    lines = [line for line in result.err.splitlines() if not line.startswith("CommandError")]
    assert lines == [
        f"{link} : lien symbolique ignoré (les liens ne sont pas suivis dans un dossier)",
        f"{folder / 'passwd.md'} : lien symbolique ignoré (les liens ne sont pas suivis dans un "
        "dossier)",
    ]
    assert "root:" not in result.out + result.err
    assert not Programme.objects.filter(code_scolarite=OTHER_CODE).exists()
    # Named on the command line, a link is the user's choice: it is read.
    assert run_command(link).status == 0
    assert Programme.objects.filter(code_scolarite=OTHER_CODE).exists()


@pytest.mark.django_db
def test_a_symlink_to_a_folder_outside_is_not_walked(folder, tmp_path):
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "fiche.md").write_text(make_fiche(code=OTHER_CODE), encoding="utf-8")
    link = folder / "autres"
    link.symlink_to(outside, target_is_directory=True)
    result = run_command(folder)
    assert_refused_alone(result, link, "lien symbolique ignoré")
