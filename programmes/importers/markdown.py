"""Parse an ONISEP Markdown fiche ("Idéo-Fiches formations" converted to Markdown).

Format (see programmes/data/onisep/README-ONISEP.md)::

    # <nom>
    ## Informations générales
    **Code scolarité:** 32032328          (also Sigle (optional), Durée, Niveau de certification,
    **Type:** brevet de technicien supérieur (BTS)             Type, Lien (optional))
    **Lien:** [https://…](https://…)
    ## Description
    ## Accès            then "### Accès" or "### Accès à la formation :" (dropped), other text kept
    ## Attendus         then "### Attendus nationaux … Parcoursup" and "- " bullets whose text sits
                        on the next indented line, optionally under plain-text sub-headings
    ## Poursuite d'études   (may be missing)
    ## Métiers associés     "- " bullets

Rules:

* Indentation left by the HTML conversion is stripped; consecutive text lines form one paragraph;
  paragraphs are separated by a blank line in the stored text; a bullet list inside Description,
  Accès or Poursuite d'études stays in that text as "- " lines (those bullets are not attendus).
* Heading text may carry trailing spaces or a trailing " :"; headings match case- and
  accent-insensitively on their first words ("Accès à la formation :" is an Accès heading).
* In the Attendus section, a plain-text line followed by bullets is a sub-heading
  (ProgrammeAttendu.group, e.g. "Intérêts"); a plain-text line followed by no bullet is itself an
  attendu, split where attendus were run together (see common.split_run_together).
* Non-BTS/BTSA fiches raise NotInCatalogue before any other check but "is this a fiche at all",
  so a fiche of another diploma without a code scolarité is skipped, not failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from programmes.importers.common import catalogue_kind, parse_link, split_run_together
from programmes.importers.records import (
    AttenduItem,
    FicheData,
    MetierItem,
    SourceError,
)
from programmes.text import clean_text, fold, normalise_newlines

GROUP_MAX_LENGTH = 120

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FIELD = re.compile(r"^\*\*(?P<key>[^*]+?)\s*(?::\s*\*\*|\*\*\s*:)\s*(?P<value>.*)$")
_BULLET = re.compile(r"^[-*•](?:\s+(?P<text>.*))?$")
_CODE = re.compile(r"^[0-9A-Z]{1,12}$")
_LEADING_SYMBOLS = re.compile(r"^[^\w]+")


def heading_key(*, text: str) -> str:
    """Folded heading text without leading emoji/symbols, trailing spaces or a trailing ":"."""
    text = _LEADING_SYMBOLS.sub("", fold(text))
    return text.rstrip(" :").strip()


@dataclass
class MarkdownDocument:
    """A Markdown file cut into its title, its "**Key:** value" fields and its "##" sections."""

    title: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    # Section key (heading_key of the "##" heading) → stripped lines of its body.
    sections: dict[str, list[str]] = field(default_factory=dict)

    def section(self, *prefixes: str) -> list[str] | None:
        """Lines of the first section whose key starts with one of the prefixes (None if absent)."""
        for key, lines in self.sections.items():
            if key.startswith(prefixes):
                return lines
        return None


def read_document(*, text: str, field_sections: tuple[str, ...]) -> MarkdownDocument:
    """Cut a Markdown text into title, fields (read in the sections whose key starts with one of
    field_sections, and before the first section) and sections. Lines are stripped of the
    indentation of the HTML conversion."""
    doc = MarkdownDocument()
    text = normalise_newlines(text.removeprefix("\ufeff"))
    current: list[str] | None = None
    current_key = ""
    for raw in text.split("\n"):
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) <= 2:
            level, heading_text = len(heading.group(1)), clean_text(heading.group(2))
            if level == 1:
                if not doc.title:
                    doc.title = heading_text
                continue
            current_key = heading_key(text=heading_text)
            current = doc.sections.setdefault(current_key, [])
            continue
        if current is None or current_key.startswith(field_sections):
            match = _FIELD.match(line)
            if match:
                key = heading_key(text=match.group("key"))
                doc.fields.setdefault(key, clean_text(match.group("value")))
                continue
        if current is not None:
            current.append(line)
    return doc


# --- Body of a section: paragraphs, bullets and sub-headings ---------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # "para", "bullet" or "heading"
    text: str


def read_blocks(*, lines: list[str]) -> list[Block]:
    """Paragraphs (consecutive text lines), bullets ("- text", or "- " with the text on the next
    lines) and "###" sub-headings of a section body. Empty bullets are dropped."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            blocks.append(Block("heading", clean_text(heading.group(2))))
            i += 1
            continue
        bullet = _BULLET.match(line)
        if bullet:
            parts = [bullet.group("text") or ""]
            i += 1
            if not parts[0].strip():
                # A blank bullet: its text is on the following lines, up to a blank line.
                while i < len(lines) and lines[i] and not _is_structure(lines[i]):
                    parts.append(lines[i])
                    i += 1
            text = clean_text(" ".join(parts))
            if text:
                blocks.append(Block("bullet", text))
            continue
        parts = []
        while i < len(lines) and lines[i] and not _is_structure(lines[i]):
            parts.append(lines[i])
            i += 1
        blocks.append(Block("para", clean_text(" ".join(parts))))
    return blocks


def _is_structure(line: str) -> bool:
    return bool(_HEADING.match(line) or _BULLET.match(line))


def blocks_to_text(*, blocks: list[Block]) -> str:
    """Paragraphs separated by a blank line; a run of bullets as consecutive "- " lines."""
    chunks: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "bullet":
            line = f"- {block.text}"
            if previous == "bullet":
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
        else:
            chunks.append(block.text)
        previous = block.kind
    return "\n\n".join(chunks)


def section_text(*, lines: list[str] | None, drop_headings: tuple[str, ...] = ()) -> str:
    """Text of a section; sub-headings whose key is in drop_headings are dropped, others are kept
    as a paragraph of their own."""
    if not lines:
        return ""
    blocks = [
        b
        for b in read_blocks(lines=lines)
        if not (b.kind == "heading" and heading_key(text=b.text) in drop_headings)
    ]
    return blocks_to_text(blocks=blocks)


def group_label(*, text: str) -> str:
    """A sub-heading used as ProgrammeAttendu.group: no trailing ":", at most 120 characters."""
    label = clean_text(text).rstrip(" :").strip()
    if len(label) > GROUP_MAX_LENGTH:
        label = label[: GROUP_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return label


def attendus_from_blocks(*, blocks: list[Block]) -> tuple[AttenduItem, ...]:
    """Attendus of an "Attendus" section: bullets, plus plain lines not followed by bullets; a
    plain line (or a sub-heading other than "Attendus nationaux…") followed by bullets is the group
    of the bullets after it."""
    items: list[AttenduItem] = []
    group = ""
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            key = heading_key(text=block.text)
            if not key.startswith("attendus nationaux") and "parcoursup" not in key:
                group = group_label(text=block.text)
            continue
        if block.kind == "para":
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is not None and following.kind == "bullet":
                group = group_label(text=block.text)
                continue
        items.extend(AttenduItem(text, group) for text in split_run_together(text=block.text))
    return tuple(items)


def metiers_from_lines(*, lines: list[str] | None) -> tuple[MetierItem, ...]:
    if not lines:
        return ()
    names = [b.text for b in read_blocks(lines=lines) if b.kind in ("bullet", "para")]
    return tuple(MetierItem(name) for name in names if name)


def parse_fiche(*, text: str, source: str) -> FicheData:
    """Parse a Markdown fiche. Raises SourceError (bad input) or NotInCatalogue (not a BTS/BTSA)."""
    doc = read_document(text=text, field_sections=("informations generales",))
    if doc.section("informations generales") is None and "type" not in doc.fields:
        raise SourceError(
            _(
                "ce n'est pas une fiche formation ONISEP "
                "(section « Informations générales » absente)"
            )
        )
    type_label = doc.fields.get("type", "")
    kind = catalogue_kind(type_label=type_label, field_line="**Type:**", title=doc.title)
    code = clean_code(value=doc.fields.get("code scolarite", ""))
    link = doc.fields.get("lien", "")
    return FicheData(
        source=source,
        code_scolarite=code,
        name=doc.title,
        kind=kind,
        kind_label=type_label,
        sigle=doc.fields.get("sigle", ""),
        duration=doc.fields.get("duree", ""),
        certification_level=doc.fields.get("niveau de certification", ""),
        link_url=parse_link(value=link) if link else "",
        description=section_text(lines=doc.section("description")),
        access=section_text(
            lines=doc.section("acces"), drop_headings=("acces", "acces a la formation")
        ),
        attendus=attendus_from_blocks(blocks=read_blocks(lines=doc.section("attendus") or [])),
        further_studies=section_text(lines=doc.section("poursuite")),
        metiers=metiers_from_lines(lines=doc.section("metiers")),
    )


def clean_code(*, value: str) -> str:
    """The code scolarité, checked: SourceError when it is missing or malformed."""
    code = clean_text(value).upper()
    if not code:
        raise SourceError(_("pas de code scolarité (ligne « **Code scolarité:** »)"))
    if not _CODE.match(code):
        raise SourceError(
            _("code scolarité invalide : « %(code)s » (lettres et chiffres, 12 au plus)")
            % {"code": value}
        )
    return code
