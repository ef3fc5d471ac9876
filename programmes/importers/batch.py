"""Read and parse every source of a run, then join fiches and formations-initiales records.

Everything is parsed before anything is written, so fiches and formations files may come in any
order, in one folder, several folders or archives. A code scolarité met twice among the fiches
(or twice among the formations records) of one run is an error for the second file: the first one
wins, in the order the paths were given and files sorted by name.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from programmes.catalogue import KINDS_LABEL
from programmes.importers.common import decode_text
from programmes.importers.formations import parse_formation
from programmes.importers.markdown import parse_fiche
from programmes.importers.metiers import parse_metiers_json
from programmes.importers.records import (
    FicheData,
    FormationData,
    MetierData,
    NotInCatalogue,
    SourceError,
)
from programmes.importers.sources import (
    SourceFile,
    SourceKind,
    SourceProblem,
    classify,
    iter_sources,
)
from programmes.importers.xml_export import parse_xml_export


@dataclass(frozen=True)
class Failure:
    """A file (or a record of a file) that cannot be imported, and why (French)."""

    label: str
    message: str


@dataclass(frozen=True)
class Skipped:
    """A fiche left out on purpose, and why (French)."""

    label: str
    reason: str


@dataclass(frozen=True)
class SourceInfo:
    """A file a run read: its label, size in bytes and SHA-256 (recorded with the run, so that
    staff can tell which version of an ONISEP file an import used)."""

    label: str
    size: int
    sha256: str


@dataclass(frozen=True)
class MetiersSource:
    label: str
    metiers: tuple[MetierData, ...]


@dataclass(frozen=True)
class ProgrammeRecord:
    """What one run says about one programme: its fiche and/or its formations-initiales record."""

    code: str
    fiche: FicheData | None
    formation: FormationData | None
    fiche_name: str = ""
    formation_name: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(x.source for x in (self.fiche, self.formation) if x is not None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.fiche_name, self.formation_name) if n)

    @property
    def display_name(self) -> str:
        if self.fiche is not None:
            return self.fiche.name
        return self.formation.name if self.formation is not None else self.code


@dataclass
class ParsedBatch:
    """Everything a run read, before any write."""

    fiches: dict[str, tuple[FicheData, str]] = field(default_factory=dict)
    formations: dict[str, tuple[FormationData, str]] = field(default_factory=dict)
    metiers: list[MetiersSource] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sources: list[SourceInfo] = field(default_factory=list)
    files: int = 0

    def records(self) -> list[ProgrammeRecord]:
        """Fiches joined with their formations record on the code scolarité (fiches first, in
        reading order, then formations records without a fiche in this run)."""
        records = []
        for code, (fiche, fiche_name) in self.fiches.items():
            formation, formation_name = self.formations.get(code, (None, ""))
            records.append(ProgrammeRecord(code, fiche, formation, fiche_name, formation_name))
        for code, (formation, formation_name) in self.formations.items():
            if code not in self.fiches:
                records.append(ProgrammeRecord(code, None, formation, "", formation_name))
        return records


def parse_sources(*, paths: Iterable[str | os.PathLike[str]]) -> ParsedBatch:
    """Read and parse every file under paths. Never raises for bad input: problems are collected
    as failures, non-BTS fiches as skipped."""
    batch = ParsedBatch()
    for item in iter_sources(paths=paths):
        if isinstance(item, SourceProblem):
            batch.failures.append(Failure(item.label, item.message))
            continue
        batch.files += 1
        batch.sources.append(
            SourceInfo(item.label, len(item.data), hashlib.sha256(item.data).hexdigest())
        )
        try:
            _parse_file(item, batch)
        except NotInCatalogue as verdict:
            batch.skipped.append(Skipped(item.label, _not_in_catalogue(verdict.type_label)))
        except SourceError as exc:
            batch.failures.append(Failure(item.label, exc.message))
    return batch


def _not_in_catalogue(type_label: str) -> str:
    return _("pas un %(kinds)s (%(type)s) : hors catalogue") % {
        "kinds": KINDS_LABEL,
        "type": type_label or "?",
    }


def _parse_file(source: SourceFile, batch: ParsedBatch) -> None:
    kind = classify(name=source.name, data=source.data)
    if kind is SourceKind.XML_EXPORT:
        export = parse_xml_export(data=source.data, source=source.label)
        for label, type_label in export.skipped:
            batch.skipped.append(Skipped(label, _not_in_catalogue(type_label)))
        for label, message in export.problems:
            batch.failures.append(Failure(label, message))
        for fiche in export.fiches:
            # A record of the export fails alone; the other records still import.
            duplicate = _add_fiche(batch, fiche, source.name)
            if duplicate:
                batch.failures.append(Failure(fiche.source, duplicate))
        return
    text = decode_text(data=source.data)
    if kind is SourceKind.METIERS:
        metiers = parse_metiers_json(text=text)
        batch.metiers.append(MetiersSource(source.label, tuple(metiers)))
    elif kind is SourceKind.FORMATION:
        formation = parse_formation(text=text, source=source.label)
        previous = batch.formations.get(formation.code_scolarite)
        if previous is not None:
            raise SourceError(_duplicate(formation.code_scolarite, previous[0].source))
        batch.formations[formation.code_scolarite] = (formation, source.name)
    else:
        duplicate = _add_fiche(batch, parse_fiche(text=text, source=source.label), source.name)
        if duplicate:
            raise SourceError(duplicate)


def _add_fiche(batch: ParsedBatch, fiche: FicheData, name: str) -> str | None:
    """Record a fiche; the duplicate message if its code was already read in this run."""
    previous = batch.fiches.get(fiche.code_scolarite)
    if previous is not None:
        return _duplicate(fiche.code_scolarite, previous[0].source)
    batch.fiches[fiche.code_scolarite] = (fiche, name)
    return None


def _duplicate(code: str, first: str) -> str:
    return _("code scolarité %(code)s déjà lu dans « %(first)s » pendant cet import : ignoré") % {
        "code": code,
        "first": first,
    }
