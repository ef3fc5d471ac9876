"""Small helpers shared by the parsers of the different ONISEP formats."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from programmes.catalogue import kind_from_type
from programmes.importers.records import NotInCatalogue, SourceError
from programmes.text import clean_text, normalise_newlines

# Verbs that open a Parcoursup attendu. A fiche whose attendus were run together with no separator
# ("…de matériauxDisposer de compétences…") is split where one of them is glued to the end of the
# previous attendu (a lower-case letter or a closing parenthesis directly before its capital).
ATTENDU_VERBS: tuple[str, ...] = (
    "Disposer",
    "S'intéresser",
    "S'impliquer",
    "S'exprimer",
    "S'informer",
    "S'organiser",
    "Avoir",
    "Être",
    "Etre",
    "Posséder",
    "Savoir",
    "Manifester",
    "Faire preuve",
    "Montrer",
    "Mobiliser",
    "Détenir",
    "Démontrer",
    "Maîtriser",
    "Connaître",
    "Aimer",
    "Communiquer",
    "Utiliser",
)
_RUN_TOGETHER = re.compile(
    r"(?<=[a-zà-öø-ÿœ)])(?=(?:" + "|".join(re.escape(v) for v in ATTENDU_VERBS) + r")\b)"
)

_MARKDOWN_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<url>.+)\)$")
_ONISEP_FORMATION_ID = re.compile(r"\b(FOR\.\d+)\b")


def catalogue_kind(*, type_label: str, field_line: str, title: str) -> str:
    """The catalogue kind of a record whose type is `type_label` (read on the line
    `field_line`). Raises SourceError when the type or the title is missing, NotInCatalogue for
    a record of another diploma (checked before the title: such a record is skipped, not
    failed)."""
    if not type_label:
        raise SourceError(_("type de diplôme absent (ligne « %(line)s »)") % {"line": field_line})
    kind = kind_from_type(type_label=type_label)
    if kind is None:
        raise NotInCatalogue(type_label)
    if not title:
        raise SourceError(_("pas de titre (ligne « # nom de la formation »)"))
    return kind


def split_run_together(*, text: str) -> list[str]:
    """Split attendus that the source ran together (see ATTENDU_VERBS); other texts stay whole."""
    parts = [clean_text(p) for p in _RUN_TOGETHER.split(clean_text(text))]
    return [p for p in parts if p]


def parse_link(*, value: str) -> str:
    """The URL of a "**Lien:**" value: a Markdown link "[text](url)", "<url>" or a bare URL.

    Returned as written: whether it may be stored ("javascript:", an unknown site…) is decided,
    and reported, by the one link policy of links.py when the record is written."""
    value = value.strip()
    match = _MARKDOWN_LINK.match(value)
    if match:
        url = match.group("url").strip()
        # "[url](url "title")": drop an optional link title.
        url = url.split(' "', 1)[0].strip()
        url = url or match.group("text").strip()
    else:
        url = value.strip("<>").strip()
    return url


def onisep_formation_id(*, url: str) -> str:
    """The "FOR.xxx" identifier at the end of an ONISEP formation URL, or ""."""
    match = _ONISEP_FORMATION_ID.search(url)
    return match.group(1) if match else ""


def onisep_formation_url(*, onisep_id: str) -> str:
    """The ONISEP redirect URL of a formation, as formations-initiales publishes it."""
    return f"https://www.onisep.fr/http/redirection/formation/slug/{onisep_id}"


def decode_text(*, data: bytes) -> str:
    """UTF-8 text with a possible BOM removed and newlines normalised; SourceError otherwise."""
    if not data.strip():
        raise SourceError(_("fichier vide"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            _("le fichier n'est pas encodé en UTF-8 (octet invalide à la position %(pos)d)")
            % {"pos": exc.start}
        ) from exc
    if "\x00" in text:
        # Never text: and PostgreSQL refuses NUL in any text column.
        raise SourceError(
            _("le fichier contient des caractères nuls : fichier binaire ou endommagé")
        )
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise SourceError(_("fichier vide"))
    return text
