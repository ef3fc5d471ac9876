"""Walk the paths given to the importer (files, folders, zip archives) and classify each file.

* A file named on the command line is always read, whatever its name (a symlink too: naming it
  is the user's choice).
* In a folder or an archive (walked recursively, in name order), only data files are read:
  ``.md``/``.markdown`` (fiches and formations-initiales), ``.json`` (Idéo-Métiers), ``.xml``
  (the XML export) and ``.zip`` (archives, also nested). Hidden files, ``__MACOSX`` and
  documentation (``README*``, ``LICENSE*``, ``CHANGELOG*``) are left out, as are other
  extensions (``.tsv``, ``.pdf``…).
* Symbolic links met in a folder (to files or folders) are not followed, and reported: a data
  folder must not lead the importer out of it (to /etc/passwd, another user's files…).
* A Markdown file is a formations-initiales record if it carries "Code RNCP" or "Type de
  formation" fields, a fiche otherwise (the fiche parser then says if it is not one).

Bounded reading
---------------
The files come from outside (downloads, colleagues), so what a file may cost is bounded before
it is read, never trusted to its headers:

* each file has a size cap by kind (``SIZE_LIMITS``), checked on the size a folder or an archive
  announces, then again while reading (a stream is read in chunks and dropped at the cap);
* everything read out of one archive given to the importer, nested archives included, adds up
  to ``ARCHIVE_MAX_TOTAL`` at most; an archive announcing more is refused whole, before reading;
* a member inflating more than ``MAX_COMPRESSION_RATIO`` times (once past ``RATIO_CHECK_FROM``)
  is a zip bomb: refused. The ratio is taken on the compressed size bounded by the archive's own
  size, so a header lying about the compressed size does not hide it;
* archives nest ``MAX_ARCHIVE_DEPTH`` deep at most;
* only stored and deflated members are read: other methods (bzip2, lzma) are decompressed by
  zipfile in one go, with no bound on the output of a single read.

Each refusal is a SourceProblem (one French line in the report) and yields nothing to import.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

DATA_EXTENSIONS = (".md", ".markdown", ".json", ".xml", ".zip")
DOCUMENTATION_PREFIXES = ("readme", "license", "licence", "changelog", "copying")
_FORMATION_MARKERS = ("**Code RNCP", "Type de formation:**", "Type de formation :**")

KIB = 1024
MIB = 1024 * KIB


class SourceKind(StrEnum):
    FICHE = "fiche"
    FORMATION = "formation"
    METIERS = "metiers"
    XML_EXPORT = "xml"
    ARCHIVE = "zip"


# Largest file of each kind read. The real files are far below: a fiche or formations record is
# 8 KB at most (1,000 times less than its cap), Idéo-Métiers 0.8 MB, the 2024 XML export of every
# diploma 14.2 MiB (room for it to double), an archive nested in another is held in memory while
# its members are read.
SIZE_LIMITS: dict[SourceKind, int] = {
    SourceKind.FICHE: 1 * MIB,
    SourceKind.FORMATION: 1 * MIB,
    SourceKind.METIERS: 16 * MIB,
    SourceKind.XML_EXPORT: 32 * MIB,
    SourceKind.ARCHIVE: 32 * MIB,
}
# Everything read out of one archive, nested archives included. The bundled archives hold 3 MB
# (every fiche) and 14.2 MiB (the XML export); one archive of all the ONISEP files would be 20 MB.
ARCHIVE_MAX_TOTAL = 64 * MIB
# The real members compress at most 11:1 (the XML export), the fiches 3:1; a zip bomb is 1000:1.
MAX_COMPRESSION_RATIO = 100
# A small member may legitimately compress better (a file of blank lines): the ratio is judged
# only past this size, where an amplification starts to cost.
RATIO_CHECK_FROM = 1 * MIB
# An archive given to the importer (1) may hold archives (2), not archives of archives.
MAX_ARCHIVE_DEPTH = 2
READ_CHUNK = 64 * KIB
_READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class SourceFile:
    """A file to import. label names it in messages ("dir/file.md", "archive.zip:dir/file.md");
    name is its base name, recorded in Programme.import_source."""

    label: str
    name: str
    data: bytes


@dataclass(frozen=True)
class SourceProblem:
    """A path that cannot be read at all (missing, unreadable, broken or hostile archive,
    symlink in a folder, over its size cap)."""

    label: str
    message: str


class _Refused(Exception):
    """A file refused while reading; message is French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Budget:
    """Bytes still allowed out of one archive given to the importer (nested ones included)."""

    left: int


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


def size_limit(*, name: str) -> int:
    """The size cap of a file before reading it: its kind's from its extension, else the
    largest (the kind is known once read, and its cap checked again then)."""
    lowered = name.lower()
    if lowered.endswith((".md", ".markdown")):
        return SIZE_LIMITS[SourceKind.FICHE]
    if lowered.endswith(".json"):
        return SIZE_LIMITS[SourceKind.METIERS]
    if lowered.endswith(".xml"):
        return SIZE_LIMITS[SourceKind.XML_EXPORT]
    if lowered.endswith(".zip"):
        return SIZE_LIMITS[SourceKind.ARCHIVE]
    return max(SIZE_LIMITS.values())


def format_size(size: int) -> str:
    """ "64 Mio", "512 Kio", "100 octets" (the binary units of the caps)."""
    if size >= MIB and size % MIB == 0:
        return _("%(count)d Mio") % {"count": size // MIB}
    if size >= KIB and size % KIB == 0:
        return _("%(count)d Kio") % {"count": size // KIB}
    return _("%(count)d octets") % {"count": size}


def _too_big(limit: int) -> _Refused:
    return _Refused(
        _("fichier trop volumineux : plus de %(limit)s pour ce type de fichier")
        % {"limit": format_size(limit)}
    )


def iter_sources(
    *, paths: Iterable[str | os.PathLike[str]]
) -> Iterator[SourceFile | SourceProblem]:
    """Every file to import under the given paths, archives opened; the same file given twice
    (e.g. a folder and a file in it) is read once."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for item in _walk_folder(path):
                if isinstance(item, SourceProblem):
                    yield item
                else:
                    yield from _read_path(item, seen, follow=False)
        elif path.exists():
            yield from _read_path(path, seen, follow=True)
        else:
            yield SourceProblem(str(path), _("fichier ou dossier introuvable"))


def _walk_folder(root: Path) -> Iterator[Path | SourceProblem]:
    """The data files under root, and a problem for each symlink met, in name order.

    Links are never followed (os.scandir, not is_file()/rglob, which follow file links): a link
    in a data folder could point anywhere the importer's user may read."""
    found: list[tuple[tuple[str, ...], Path | SourceProblem]] = []
    pending: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while pending:  # a stack, not recursion: a deep tree must not hit the recursion limit
        directory, parts = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listing = list(entries)
        except OSError as exc:
            problem = SourceProblem(
                str(directory),
                _("lecture impossible : %(error)s") % {"error": exc.strerror or exc},
            )
            found.append((parts, problem))
            continue
        for entry in listing:
            relative = (*parts, entry.name)
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue  # hidden files and folders, links included
            if entry.is_symlink():
                # Reported unless the name alone would leave it out (a link named notes.txt).
                if is_data_file(name="/".join(relative)) or entry.is_dir():
                    problem = SourceProblem(
                        str(path),
                        _("lien symbolique ignoré (les liens ne sont pas suivis dans un dossier)"),
                    )
                    found.append((relative, problem))
            elif entry.is_dir(follow_symlinks=False):
                pending.append((path, relative))
            elif entry.is_file(follow_symlinks=False) and is_data_file(name="/".join(relative)):
                found.append((relative, path))
    found.sort(key=lambda item: item[0])
    for _parts, item in found:
        yield item


def _open_file(path: Path, *, follow: bool) -> BinaryIO:
    """Open path for reading; in a folder walk (follow=False), a file swapped for a symlink
    since the walk is refused by the system (O_NOFOLLOW) rather than followed."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags), "rb")


def _read_capped(stream: BinaryIO, *, limit: int, head: bytes = b"") -> bytes:
    """head and the rest of stream, limit bytes at most, read in chunks; _Refused past them,
    whatever size was announced (a /proc file says 0, a file may grow meanwhile)."""
    data = bytearray(head)
    while chunk := stream.read(READ_CHUNK):
        data += chunk
        if len(data) > limit:
            raise _too_big(limit)
    return bytes(data)


def _read_path(
    path: Path, seen: set[Path], *, follow: bool
) -> Iterator[SourceFile | SourceProblem]:
    resolved = path.resolve()
    if resolved in seen:
        return
    seen.add(resolved)
    label = str(path)
    try:
        with _open_file(path, follow=follow) as stream:
            info = os.fstat(stream.fileno())
            head = stream.read(4)
            if path.name.lower().endswith(".zip") or head == b"PK\x03\x04":
                # An archive on disk is read through its file, never loaded whole: only the
                # members it holds count, bounded below.
                stream.seek(0)
                yield from _read_archive(
                    stream,
                    label=label,
                    name=path.name,
                    size=info.st_size,
                    depth=1,
                    budget=_Budget(ARCHIVE_MAX_TOTAL),
                )
                return
            limit = size_limit(name=path.name)
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_big(limit)  # refused on its size, before reading
            data = _read_capped(stream, limit=limit, head=head)
    except _Refused as refusal:
        yield SourceProblem(label, refusal.message)
        return
    except OSError as exc:
        yield SourceProblem(
            label, _("lecture impossible : %(error)s") % {"error": exc.strerror or exc}
        )
        return
    kind = classify(name=path.name, data=data)
    if len(data) > SIZE_LIMITS[kind]:
        # An extensionless file was read up to the largest cap: now its kind's applies.
        yield SourceProblem(label, _too_big(SIZE_LIMITS[kind]).message)
    elif kind is SourceKind.ARCHIVE:
        yield from _read_archive(
            BytesIO(data),
            label=label,
            name=path.name,
            size=len(data),
            depth=1,
            budget=_Budget(ARCHIVE_MAX_TOTAL),
        )
    else:
        yield SourceFile(label, path.name, data)


def _read_archive(
    stream: BinaryIO, *, label: str, name: str, size: int, depth: int, budget: _Budget
) -> Iterator[SourceFile | SourceProblem]:
    """The data files of the zip archive in stream (size bytes long, depth levels deep), nested
    archives opened; what they may cost is bounded (module docstring)."""
    try:
        bundle = zipfile.ZipFile(stream)
        members = sorted(
            (info for info in bundle.infolist() if not info.is_dir()), key=lambda i: i.filename
        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        yield SourceProblem(label, _("archive zip illisible ou corrompue"))
        return
    members = [info for info in members if is_data_file(name=info.filename)]
    # zipfile never yields more than a member's announced size (it stops there and fails the
    # CRC): the announced total bounds what this archive can cost, so it is judged up front.
    announced = sum(info.file_size for info in members)
    if announced > budget.left:
        yield SourceProblem(
            label,
            _("archive refusée : plus de %(limit)s une fois décompressée")
            % {"limit": format_size(ARCHIVE_MAX_TOTAL)},
        )
        return
    with bundle:
        for info in members:
            member_label = f"{label}:{info.filename}"
            member_name = f"{name}:{info.filename.rsplit('/', 1)[-1]}"
            try:
                data = _read_member(bundle, info, archive_size=size, depth=depth, budget=budget)
            except _Refused as refusal:
                yield SourceProblem(member_label, refusal.message)
                continue
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                EOFError,
                NotImplementedError,
                RuntimeError,
                ValueError,
            ):
                yield SourceProblem(
                    member_label, _("fichier illisible dans l'archive (données corrompues)")
                )
                continue
            if classify(name=info.filename, data=data) is SourceKind.ARCHIVE:
                yield from _read_archive(
                    BytesIO(data),
                    label=member_label,
                    name=member_name,
                    size=len(data),
                    depth=depth + 1,
                    budget=budget,
                )
            else:
                yield SourceFile(member_label, member_name, data)


def _read_member(
    bundle: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    archive_size: int,
    depth: int,
    budget: _Budget,
) -> bytes:
    """The bytes of one member, read in chunks and dropped as soon as a bound is passed."""
    if info.filename.lower().endswith(".zip") and depth >= MAX_ARCHIVE_DEPTH:
        raise _nested_too_deep()
    if info.compress_type not in _READABLE_METHODS:
        raise _Refused(
            _(
                "fichier refusé : méthode de compression non acceptée "
                "(seules « stored » et « deflate » le sont)"
            )
        )
    limit = size_limit(name=info.filename)
    if info.file_size > limit:
        raise _too_big(limit)
    # The compressed bytes cannot exceed the archive itself, whatever the header claims.
    compressed = max(1, min(info.compress_size, archive_size))
    data = bytearray()
    with bundle.open(info) as stream:
        while chunk := stream.read(READ_CHUNK):
            data += chunk
            budget.left -= len(chunk)
            if len(data) > limit:
                raise _too_big(limit)
            if budget.left < 0:
                raise _Refused(
                    _("archive refusée : plus de %(limit)s une fois décompressée")
                    % {"limit": format_size(ARCHIVE_MAX_TOTAL)}
                )
            if len(data) > RATIO_CHECK_FROM and len(data) > MAX_COMPRESSION_RATIO * compressed:
                raise _Refused(
                    _(
                        "fichier refusé : taux de compression anormal (plus de %(ratio)d pour 1), "
                        "probable bombe zip"
                    )
                    % {"ratio": MAX_COMPRESSION_RATIO}
                )
    if data[:4] == b"PK\x03\x04" and depth >= MAX_ARCHIVE_DEPTH:
        raise _nested_too_deep()  # an archive under another name
    return bytes(data)


def _nested_too_deep() -> _Refused:
    return _Refused(
        _("archive refusée : plus de %(depth)d niveaux d'archives imbriquées")
        % {"depth": MAX_ARCHIVE_DEPTH}
    )
