"""What the parsers produce: plain frozen records, independent of the database.

Every parser turns one source (a Markdown fiche, a formations-initiales file, the Idéo-Métiers
JSON, the XML export) into these records, or raises :class:`SourceError` (bad input: the file is
reported as failed) or :class:`NotInCatalogue` (a valid fiche of another diploma: skipped).
"""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(Exception):
    """A source cannot be imported. The message is French, for the user, without the file name."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotInCatalogue(Exception):
    """A well-formed fiche of a diploma the catalogue does not hold (the catalogue is BTS/BTSA)."""

    def __init__(self, type_label: str) -> None:
        super().__init__(type_label)
        self.type_label = type_label


@dataclass(frozen=True)
class AttenduItem:
    """One Parcoursup attendu as a fiche lists it, with the sub-heading it stands under."""

    text: str
    group: str = ""


@dataclass(frozen=True)
class MetierItem:
    """A métier associé as a fiche names it; the XML export also gives its Idéo-Métiers id."""

    name: str
    onisep_id: str = ""


@dataclass(frozen=True)
class DomainPath:
    """An ONISEP domain and sub-domain, e.g. ("information-communication, audiovisuel",
    "audiovisuel")."""

    parent: str
    child: str

    def label(self) -> str:
        return f"{self.parent}/{self.child}"


@dataclass(frozen=True)
class FicheData:
    """A BTS/BTSA fiche (Idéo-Fiches formations), from Markdown or from the XML export."""

    source: str
    code_scolarite: str
    name: str
    kind: str
    kind_label: str = ""
    sigle: str = ""
    duration: str = ""
    certification_level: str = ""
    link_url: str = ""
    description: str = ""
    access: str = ""
    attendus: tuple[AttenduItem, ...] = ()
    further_studies: str = ""
    metiers: tuple[MetierItem, ...] = ()
    # Only the XML export carries these; the Markdown fiches leave them to formations-initiales.
    onisep_id: str = ""
    onisep_url: str = ""
    nsf_code: str = ""


@dataclass(frozen=True)
class FormationData:
    """A formations-initiales record: identifiers and domains of a diploma, joined on its code."""

    source: str
    code_scolarite: str
    name: str
    kind: str
    sigle: str = ""
    rncp_code: str = ""
    nsf_code: str = ""
    onisep_url: str = ""
    onisep_id: str = ""
    domains: tuple[DomainPath, ...] = ()


@dataclass(frozen=True)
class MetierData:
    """An Idéo-Métiers entry."""

    onisep_id: str
    name: str
    onisep_url: str = ""
    rome_code: str = ""
    rome_label: str = ""
    domain_label: str = ""
