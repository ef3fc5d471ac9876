"""Parse the official XML export of "Idéo-Fiches formations" (every kind of diploma).

Only BTS/BTSA records (``type_Formation/type_formation_sigle``) are kept: the others are counted
as skipped. Mapping to FicheData:

=============================  ==============================================================
identifiant                    onisep_id ("FOR.1054"), and onisep_url (ONISEP redirect URL)
code_scolarite                 code_scolarite
libelle_complet / sigle        name / sigle
type_formation_*               kind ("BTS"/"BTSA"), kind_label "brevet de technicien
                               supérieur (BTS)" as in the Markdown fiches
duree_formation                duration
niveau_certification           certification_level, without the "(bac + 2)" the Markdown drops
url                            link_url
descriptif_format_court        description   } escaped HTML, turned into the same text as the
descriptif_acces               access        } Markdown fiches: paragraphs separated by a blank
descriptif_poursuite_etudes    further_studies } line, list items as "- " lines
attendus                       attendus (list items, or paragraphs; a paragraph followed by a
                               list is the group of that list, e.g. "Intérêts"); a trailing
                               ";" is dropped and the first letter capitalised
metiers_formation/metier       métiers: nom_metier, and id (the Idéo-Métiers "MET.xxx")
nsf_discipline                 nsf_code
=============================  ==============================================================

A problem with one record (no code scolarité, no title) fails that record only; a file that is
not well-formed XML fails as a whole. The file is parsed by defusedxml with DTDs forbidden: a
document declaring a DTD (hence any entity, internal or external) is refused as a whole, wherever
the declaration stands and whatever the encoding, before any entity is expanded or fetched. The
export has no DTD, so nothing legitimate is lost.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from programmes.catalogue import is_catalogue_kind
from programmes.importers.common import onisep_formation_url
from programmes.importers.markdown import (
    Block,
    attendus_from_blocks,
    blocks_to_text,
    clean_code,
    heading_key,
)
from programmes.importers.records import AttenduItem, FicheData, MetierItem, SourceError
from programmes.text import clean_text

_LEVEL_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
_BLOCK_TAGS = {"p", "div", "br", "ul", "ol", "table", "tr", "blockquote"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class XmlExport:
    """What an XML export holds for the catalogue."""

    fiches: list[FicheData] = field(default_factory=list)
    # (record label, diploma type) of the records of other diplomas.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # (record label, message) of the BTS/BTSA records that cannot be imported.
    problems: list[tuple[str, str]] = field(default_factory=list)


class _BlockParser(HTMLParser):
    """HTML fragment → Blocks (paragraphs, list items as bullets, headings)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._kind = "para"
        self._li_depth = 0

    def _flush(self) -> None:
        text = clean_text("".join(self._buffer))
        self._buffer = []
        if text:
            self.blocks.append(Block(self._kind, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._flush()
            self._li_depth += 1
            self._kind = "bullet"
        elif tag in _HEADING_TAGS:
            self._flush()
            self._kind = "heading"
        elif tag in _BLOCK_TAGS and not self._li_depth:
            self._flush()
            self._kind = "para"
        elif tag == "br":
            self._buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._flush()
            self._li_depth = max(0, self._li_depth - 1)
            self._kind = "bullet" if self._li_depth else "para"
        elif tag in _HEADING_TAGS or (tag in _BLOCK_TAGS and not self._li_depth):
            self._flush()
            self._kind = "bullet" if self._li_depth else "para"

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(*, html: str) -> list[Block]:
    """The paragraphs, list items and headings of an HTML fragment."""
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def html_to_text(*, html: str, drop_headings: tuple[str, ...] = ()) -> str:
    """Plain text of an HTML fragment, shaped like the Markdown fiches' sections."""
    blocks = [
        b
        for b in html_blocks(html=html)
        if not (b.kind == "heading" and heading_key(text=b.text) in drop_headings)
    ]
    return blocks_to_text(blocks=blocks)


def _text(element: ET.Element, path: str) -> str:
    return clean_text(element.findtext(path) or "")


def _tidy_attendus(items: tuple[AttenduItem, ...]) -> tuple[AttenduItem, ...]:
    """The export writes attendus as list items "s'intéresser … ;": drop the ";" and capitalise,
    as the Markdown fiches do."""
    tidy = []
    for item in items:
        text = item.text.rstrip(" ;")
        tidy.append(AttenduItem(text[:1].upper() + text[1:], item.group))
    return tuple(tidy)


def parse_record(*, element: ET.Element, source: str) -> FicheData:
    """One <formation> of the export (already known to be a BTS/BTSA). Raises SourceError."""
    sigle_type = _text(element, "type_Formation/type_formation_sigle")
    type_label = _text(element, "type_Formation/type_formation_libelle")
    name = _text(element, "libelle_complet")
    if not name:
        raise SourceError(_("pas de titre (libelle_complet vide)"))
    code = clean_code(value=element.findtext("code_scolarite") or "")
    onisep_id = _text(element, "identifiant")
    metiers = tuple(
        MetierItem(_text(m, "nom_metier"), _text(m, "id"))
        for m in element.iterfind("metiers_formation/metier")
        if _text(m, "nom_metier")
    )
    return FicheData(
        source=source,
        code_scolarite=code,
        name=name,
        kind=sigle_type,
        kind_label=f"{type_label} ({sigle_type})" if type_label else sigle_type,
        sigle=_text(element, "sigle"),
        duration=_text(element, "duree_formation"),
        certification_level=_LEVEL_SUFFIX.sub("", _text(element, "niveau_certification")),
        link_url=_text(element, "url"),
        description=html_to_text(html=element.findtext("descriptif_format_court") or ""),
        access=html_to_text(
            html=element.findtext("descriptif_acces") or "",
            drop_headings=("acces", "acces a la formation"),
        ),
        attendus=_tidy_attendus(
            attendus_from_blocks(blocks=html_blocks(html=element.findtext("attendus") or ""))
        ),
        further_studies=html_to_text(html=element.findtext("descriptif_poursuite_etudes") or ""),
        metiers=metiers,
        onisep_id=onisep_id,
        onisep_url=onisep_formation_url(onisep_id=onisep_id) if onisep_id else "",
        nsf_code=_text(element, "nsf_discipline/NSF_discipline_code"),
    )


def parse_xml_export(*, data: bytes, source: str) -> XmlExport:
    """Parse an Idéo-Fiches formations XML export. Raises SourceError if the file is unusable."""
    if not data.strip():
        raise SourceError(_("fichier vide"))
    export = XmlExport()
    seen_root = False
    try:
        # forbid_dtd: the parser stops at the DOCTYPE itself, so neither an entity bomb nor an
        # external entity is ever read (forbid_entities/forbid_external stay on behind it).
        events = iterparse(BytesIO(data), events=("start", "end"), forbid_dtd=True)
        for event, element in events:
            if event == "start":
                if not seen_root:
                    seen_root = True
                    if element.tag != "formations":
                        raise SourceError(
                            _("ce n'est pas un export Idéo-Fiches formations (racine <%(tag)s>)")
                            % {"tag": element.tag}
                        )
                continue
            if element.tag != "formation":
                continue
            _read_record(element, source, export)
            element.clear()
    except DefusedXmlException as exc:
        raise SourceError(
            _("déclaration DTD refusée (DTD et entités XML interdites, par sécurité)")
        ) from exc
    except ET.ParseError as exc:
        line, column = exc.position
        raise SourceError(
            _("XML mal formé (ligne %(line)d, colonne %(col)d)") % {"line": line, "col": column}
        ) from exc
    return export


def _read_record(element: ET.Element, source: str, export: XmlExport) -> None:
    identifier = _text(element, "identifiant") or _text(element, "code_scolarite") or "?"
    label = f"{source} ({identifier})"
    sigle_type = _text(element, "type_Formation/type_formation_sigle")
    if not is_catalogue_kind(sigle_type):
        type_label = _text(element, "type_Formation/type_formation_libelle") or sigle_type
        export.skipped.append((label, type_label))
        return
    try:
        export.fiches.append(parse_record(element=element, source=label))
    except SourceError as exc:
        export.problems.append((label, exc.message))
