"""Idéo-Métiers: parse the JSON export and match the métiers named by the fiches.

Matching rule. A fiche names its métiers in the short gender form ("régisseur/euse général/e
cinéma", "technicien/ne d'essais", "chargé/e de production"); Idéo-Métiers titles spell both forms
("régisseur général / régisseuse générale cinéma", "éducateur sportif / éducatrice sportive des
activités aquatiques"). Both sides are reduced to a key: folded (no case, accents or ligatures),
apostrophes straightened, white space collapsed, and the gender forms brought back to the
masculine ("technicien/ne" → "technicien"; "éducateur sportif / éducatrice sportive des
activités" → "educateur sportif des activites"; "carreleur / carreleuse-mosaïste" →
"carreleur-mosaiste"). A fiche métier links to the Idéo-Métiers entry with the same masculine
key; failing that, to an entry whose feminine key equals the feminine form of the fiche title
(Idéo-Métiers lists a few jobs in the feminine only, e.g. "gouvernante"). No match, no link: the
fiche's own title is kept either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from programmes.importers.records import MetierData, SourceError
from programmes.text import clean_text, fold

DOMAIN_LABEL_MAX_LENGTH = 300
_MET_ID = re.compile(r"\b(MET\.\d+)\b")
# "A / B", also "A /B" and "A/ B" (a bare "a/b" is a short form, see _SHORT_FORM).
_SPLIT_FORMS = re.compile(r"\s*/\s+|\s+/\s*")
# "technicien/ne", "régisseur/euse", "général/e", "chef/fe": a suffix glued to a word by "/".
_SHORT_FORM = re.compile(r"(?P<word>[a-z][a-z'-]*?[a-z])/(?P<suffix>[a-z]+)\b")
# Masculine ending replaced by each feminine suffix ("conducteur/trice" → "conductrice").
_FEMININE_ENDINGS = {
    "trice": "teur",
    "rice": "eur",
    "euse": "eur",
    "eresse": "eur",
    "iere": "ier",
    "ere": "er",
    "ve": "f",
}


def parse_metiers_json(*, text: str) -> list[MetierData]:
    """The Idéo-Métiers JSON (a list of objects with libelle_metier and lien_site_onisepfr
    ending in "MET.xxx"), one record per ONISEP id (the export repeats a métier once per
    publication: the first one is kept). Some entries list several ROME codes and labels
    ("H1206 | H2502"): the first code and its label are kept. The domains ("a/b| a/c") are
    joined with " | ", cut after the last whole domain that fits in 300 characters."""
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            _("JSON illisible (ligne %(line)d, colonne %(col)d)")
            % {"line": exc.lineno, "col": exc.colno}
        ) from exc
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise SourceError(_("ce n'est pas un export Idéo-Métiers (liste d'objets attendue)"))
    if rows and not any("libelle_metier" in r for r in rows):
        raise SourceError(
            _("ce n'est pas un export Idéo-Métiers (champ « libelle_metier » absent)")
        )
    metiers: dict[str, MetierData] = {}
    for row in rows:
        url = clean_text(str(row.get("lien_site_onisepfr") or ""))
        match = _MET_ID.search(url)
        name = clean_text(str(row.get("libelle_metier") or ""))
        if not match or not name:
            continue
        onisep_id = match.group(1)
        metiers.setdefault(
            onisep_id,
            MetierData(
                onisep_id=onisep_id,
                name=name,
                onisep_url=url,
                rome_code=_first(row.get("code_rome")),
                rome_label=_first(row.get("libelle_rome")),
                domain_label=_domain_label(row.get("domainesous-domaine")),
            ),
        )
    if rows and not metiers:
        raise SourceError(_("aucun métier avec un identifiant ONISEP (MET.xxx) dans ce fichier"))
    return list(metiers.values())


def _domain_label(value: object) -> str:
    """ "a/b| a/c" → "a/b | a/c"; past DOMAIN_LABEL_MAX_LENGTH, whole items then "…"."""
    items = [clean_text(item) for item in str(value or "").split("|")]
    items = [item for item in items if item]
    label = " | ".join(items)
    while len(label) > DOMAIN_LABEL_MAX_LENGTH and len(items) > 1:
        items.pop()
        label = " | ".join(items) + " | …"
    return label[:DOMAIN_LABEL_MAX_LENGTH]


def _first(value: object) -> str:
    """The first of "H1206 | H2502" (the model keeps one ROME code, with its label)."""
    return clean_text(str(value or "")).split(" | ", 1)[0].strip()


def _feminine_word(word: str, suffix: str) -> str:
    """ "conducteur" + "trice" → "conductrice"; otherwise the suffix is appended: "général/e" →
    "générale", "technicien/ne" → "technicienne", "chef/fe" → "cheffe"."""
    masculine = _FEMININE_ENDINGS.get(suffix)
    if masculine and word.endswith(masculine):
        return word[: -len(masculine)] + suffix
    return word + suffix


def _split_forms(title: str) -> tuple[str, str] | None:
    """(masculine, feminine) titles of a title spelling both forms, or None.

    One "/": "éducateur sportif / éducatrice sportive des activités" → the words of the feminine
    side beyond the masculine side's length are shared by both. Several "/": "mécanicien /
    mécanicienne et technicien / technicienne moto" → each "/" pairs one word with the next."""
    parts = _SPLIT_FORMS.split(title)
    if len(parts) < 2 or not all(p.strip() for p in parts):
        return None
    if len(parts) > 2:
        words = [part.split() for part in parts]
        masculine_words = list(words[0])
        for part_words in words[1:]:
            # The first word of each later part is the feminine of the word before the "/".
            masculine_words[-1] = _with_hyphen_tail(masculine_words[-1], part_words[0])
            masculine_words += part_words[1:]
        feminine_words = [w for part_words in words[:-1] for w in part_words[:-1]] + words[-1]
        return " ".join(masculine_words), " ".join(feminine_words)
    masculine_words, feminine_all = parts[0].split(), parts[1].split()
    count = len(masculine_words)
    if len(feminine_all) < count:
        return None
    masculine_words[-1] = _with_hyphen_tail(masculine_words[-1], feminine_all[count - 1])
    return " ".join(masculine_words + feminine_all[count:]), " ".join(feminine_all)


def _with_hyphen_tail(masculine: str, feminine: str) -> str:
    """ "carreleur / carreleuse-mosaïste": the hyphenated tail of the feminine is shared."""
    masc_pieces, fem_pieces = masculine.split("-"), feminine.split("-")
    if len(fem_pieces) > len(masc_pieces):
        return "-".join(masc_pieces + fem_pieces[len(masc_pieces) :])
    return masculine


def metier_keys(*, name: str) -> tuple[str, str]:
    """(masculine key, feminine key) of a métier title; see the module docstring."""
    text = fold(name).replace("et /ou", "et/ou").replace("et/ou", "et-ou")
    forms = _split_forms(text)
    if forms is not None:
        masculine, feminine = forms
    else:
        masculine = _SHORT_FORM.sub(lambda m: m.group("word"), text)
        feminine = _SHORT_FORM.sub(
            lambda m: _feminine_word(m.group("word"), m.group("suffix")), text
        )
    return _squash(masculine), _squash(feminine)


def metier_key(*, name: str) -> str:
    """The masculine matching key of a métier title (stored as Metier.name_key)."""
    return metier_keys(name=name)[0]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .")


@dataclass
class MetierIndex:
    """Métiers by matching key, to link the métiers named by fiches."""

    by_masculine: dict[str, int] = field(default_factory=dict)
    by_feminine: dict[str, int] = field(default_factory=dict)
    by_onisep_id: dict[str, int] = field(default_factory=dict)
    onisep_ids: dict[int, str] = field(default_factory=dict)

    def add(self, *, pk: int, name: str, onisep_id: str) -> None:
        masculine, feminine = metier_keys(name=name)
        # The lowest ONISEP id wins a shared key, whatever the order rows come in.
        for index, key in ((self.by_masculine, masculine), (self.by_feminine, feminine)):
            if key not in index or _id_order(onisep_id) < _id_order(self.onisep_ids[index[key]]):
                index[key] = pk
        self.by_onisep_id[onisep_id] = pk
        self.onisep_ids[pk] = onisep_id

    def find(self, *, name: str, onisep_id: str = "") -> int | None:
        """The Metier pk of a fiche's métier: by ONISEP id when given and known, else by title."""
        if onisep_id and onisep_id in self.by_onisep_id:
            return self.by_onisep_id[onisep_id]
        masculine, feminine = metier_keys(name=name)
        found = self.by_masculine.get(masculine)
        if found is None:
            found = self.by_feminine.get(feminine)
        return found


def build_metier_index(*, rows: Iterable[tuple[int, str, str]]) -> MetierIndex:
    """Index (pk, name, onisep_id) rows."""
    index = MetierIndex()
    for pk, name, onisep_id in rows:
        index.add(pk=pk, name=name, onisep_id=onisep_id)
    return index


def _id_order(onisep_id: str) -> tuple[int, str]:
    digits = onisep_id.rpartition(".")[2]
    return (int(digits) if digits.isdigit() else 1 << 30, onisep_id)
