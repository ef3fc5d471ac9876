"""Which diplomas the catalogue holds: the one definition the importers, the models and the
wording read.

Widening the catalogue (the 85 BUT of the ONISEP data, say) starts here: add the kind, run
`makemigrations` (the model's choices change), and the importers accept its fiches; see
docs/architecture.md for what else a new kind touches (scoring rules, wording).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from programmes.text import clean_text, fold


@dataclass(frozen=True)
class DiplomaKind:
    code: str  # ONISEP's sigle, e.g. "BTS": stored in Programme.kind
    official_name: str  # ONISEP's type label without its sigle


CATALOGUE_KINDS: tuple[DiplomaKind, ...] = (
    DiplomaKind("BTS", "brevet de technicien supérieur"),
    DiplomaKind("BTSA", "brevet de technicien supérieur agricole"),
)
KIND_CODES: tuple[str, ...] = tuple(kind.code for kind in CATALOGUE_KINDS)
# "BTS/BTSA": how the wording names the catalogue's kinds together.
KINDS_LABEL = "/".join(KIND_CODES)

_SIGLE_IN_TYPE = re.compile(r"\((" + "|".join(map(re.escape, KIND_CODES)) + r")\)\s*$")
_KIND_BY_NAME = {fold(kind.official_name): kind.code for kind in CATALOGUE_KINDS}


def kind_from_type(*, type_label: str) -> str | None:
    """The catalogue kind of an ONISEP type label: "brevet de technicien supérieur (BTS)" →
    "BTS", a label without its sigle by its name, any other diploma → None."""
    label = clean_text(type_label)
    match = _SIGLE_IN_TYPE.search(label)
    if match:
        return match.group(1)
    return _KIND_BY_NAME.get(fold(label))


def is_catalogue_kind(code: str) -> bool:
    return code in KIND_CODES
