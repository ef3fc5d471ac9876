"""Walk the paths given to the importer (files, folders, zip archives) and classify each file.

* A file named on the command line is always read, whatever its name.
* In a folder or an archive (walked recursively, in name order), only data files are read:
  ``.md``/``.markdown`` (fiches and formations-initiales), ``.json`` (Idéo-Métiers), ``.xml``
  (the XML export) and ``.zip`` (archives, also nested). Hidden files, ``__MACOSX`` and
  documentation (``README*``, ``LICENSE*``, ``CHANGELOG*``) are left out, as are other
  extensions (``.tsv``, ``.pdf``…).
* A Markdown file is a formations-initiales record if it carries "Code RNCP" or "Type de
  formation" fields, a fiche otherwise (the fiche parser then says if it is not one).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from io import BytesIO
from pathlib import Path

from django.utils.translation import gettext as _

MAX_MEMBER_SIZE = 512 * 1024 * 1024
DATA_EXTENSIONS = (".md", ".markdown", ".json", ".xml", ".zip")
DOCUMENTATION_PREFIXES = ("readme", "license", "licence", "changelog", "copying")
_FORMATION_MARKERS = ("**Code RNCP", "Type de formation:**", "Type de formation :**")


class SourceKind(StrEnum):
    FICHE = "fiche"
    FORMATION = "formation"
    METIERS = "metiers"
    XML_EXPORT = "xml"
    ARCHIVE = "zip"


@dataclass(frozen=True)
class SourceFile:
    """A file to import. label names it in messages ("dir/file.md", "archive.zip:dir/file.md");
    name is its base name, recorded in Programme.import_source."""

    label: str
    name: str
    data: bytes


@dataclass(frozen=True)
class SourceProblem:
    """A path that cannot be read at all (missing, unreadable, broken archive)."""

    label: str
    message: str


def is_data_file(*, name: str) -> bool:
    """Whether a file met inside a folder or an archive is one the importer reads."""
    base = name.rsplit("/", 1)[-1]
    lowered = base.lower()
    if not base or base.startswith((".", "~")) or "__MACOSX/" in name:
        return False
    if lowered.startswith(DOCUMENTATION_PREFIXES):
        return False
    return lowered.endswith(DATA_EXTENSIONS)


def classify(*, name: str, data: bytes) -> SourceKind:
    """The kind of a file, from its extension, or its first bytes when the extension says
    nothing."""
    lowered = name.lower()
    if lowered.endswith(".zip") or data[:4] == b"PK\x03\x04":
        return SourceKind.ARCHIVE
    if lowered.endswith(".json"):
        return SourceKind.METIERS
    if lowered.endswith(".xml"):
        return SourceKind.XML_EXPORT
    if not lowered.endswith((".md", ".markdown")):
        start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if start == b"<":
            return SourceKind.XML_EXPORT
        if start in (b"[", b"{"):
            return SourceKind.METIERS
    if any(marker.encode() in data for marker in _FORMATION_MARKERS):
        return SourceKind.FORMATION
    return SourceKind.FICHE


def iter_sources(
    *, paths: Iterable[str | os.PathLike[str]]
) -> Iterator[SourceFile | SourceProblem]:
    """Every file to import under the given paths, archives opened; the same file given twice
    (e.g. a folder and a file in it) is read once."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path).as_posix()
                if not is_data_file(name=relative) or any(
                    part.startswith(".") for part in Path(relative).parts[:-1]
                ):
                    continue
                yield from _read_path(file, seen)
        elif path.exists():
            yield from _read_path(path, seen)
        else:
            yield SourceProblem(str(path), _("fichier ou dossier introuvable"))


def _read_path(path: Path, seen: set[Path]) -> Iterator[SourceFile | SourceProblem]:
    resolved = path.resolve()
    if resolved in seen:
        return
    seen.add(resolved)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield SourceProblem(
            str(path), _("lecture impossible : %(error)s") % {"error": exc.strerror}
        )
        return
    source = SourceFile(str(path), path.name, data)
    if classify(name=path.name, data=data) is SourceKind.ARCHIVE:
        yield from _read_archive(source)
    else:
        yield source


def _read_archive(archive: SourceFile) -> Iterator[SourceFile | SourceProblem]:
    try:
        bundle = zipfile.ZipFile(BytesIO(archive.data))
        members = sorted(
            (info for info in bundle.infolist() if not info.is_dir()), key=lambda i: i.filename
        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        yield SourceProblem(archive.label, _("archive zip illisible ou corrompue"))
        return
    for info in members:
        if not is_data_file(name=info.filename):
            continue
        label = f"{archive.label}:{info.filename}"
        name = f"{archive.name}:{info.filename.rsplit('/', 1)[-1]}"
        if info.file_size > MAX_MEMBER_SIZE:
            yield SourceProblem(label, _("fichier trop volumineux dans l'archive"))
            continue
        try:
            data = bundle.read(info)
        except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError):
            yield SourceProblem(label, _("fichier illisible dans l'archive (données corrompues)"))
            continue
        member = SourceFile(label, name, data)
        if classify(name=info.filename, data=data) is SourceKind.ARCHIVE:
            yield from _read_archive(member)
        else:
            yield member
