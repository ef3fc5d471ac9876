"""The editorial item bank: hand-written items for the attendus of the bundled catalogue.

The bank is a set of TOML files in `orientation/itembank/`, reviewed in diffs like code. Each
file has two parts:

    [items.travailler-en-equipe]            # a stable key: the item's identity in the database
    statement = "Je sais travailler en équipe"
    example = "Par exemple : en TP, je me mets d'accord avec mon groupe sur qui fait quoi."
    dimension = "travail-equipe"            # a slug of orientation.dimensions
    kind = "competence"                     # or "interet"

    [[attendus]]                            # one record per attendu, its published variants merged
    texts = ["Disposer de compétences pour travailler en équipe"]
    items = ["travailler-en-equipe"]        # keys of any file of the bank, in questionnaire order

An item is written once and shared by every attendu that asks the same thing, so a student never
answers one sentence twice. Attendu texts are matched on `bank_key`, which merges the small
variants ONISEP publishes year to year (test/tests, para-médicales/paramédicales…).

`load_bank()` reads and validates the files (a broken bank is an error, not a silent skip);
everything here is pure: no ORM.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from orientation.dimensions import DIMENSIONS_BY_SLUG
from programmes.text import attendu_key

BANK_DIR = Path(__file__).resolve().parent.parent / "itembank"
KINDS = ("competence", "interet")
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class BankError(ValueError):
    """The bank files are inconsistent; the message names the file and the record."""


def bank_key(text: str) -> str:
    """An attendu's identity in the bank: `attendu_key`, hyphens joined ("para-médicales" =
    "paramédicales") and every word without its plural or feminine ending ("tests" = "test",
    "associées" = "associés")."""
    words = attendu_key(text).replace("-", "").split()
    return " ".join(_singular(word) for word in words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith(("s", "x")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass(frozen=True)
class BankItem:
    key: str
    statement: str
    example: str
    dimension: str
    kind: str


@dataclass(frozen=True)
class BankRecord:
    """One attendu (all its published variants) and the keys of its items, in order."""

    texts: tuple[str, ...]
    items: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Bank:
    items: dict[str, BankItem]
    records: tuple[BankRecord, ...]
    by_key: dict[str, BankRecord]

    def record_for(self, text: str) -> BankRecord | None:
        return self.by_key.get(bank_key(text))

    def items_for(self, text: str) -> list[BankItem] | None:
        """The bank's items for an attendu text, or None when the bank does not know it."""
        record = self.record_for(text)
        return None if record is None else [self.items[key] for key in record.items]


def parse_bank(files: dict[str, str]) -> Bank:
    """A bank from TOML sources (name → text); BankError on any inconsistency."""
    items: dict[str, BankItem] = {}
    records: list[BankRecord] = []
    for name, source in sorted(files.items()):
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            raise BankError(f"{name}: TOML invalide ({exc})") from exc
        unknown = set(data) - {"items", "attendus"}
        if unknown:
            raise BankError(f"{name}: sections inconnues {sorted(unknown)}")
        for key, raw in data.get("items", {}).items():
            items[key] = _item(name, key, raw, items)
        for index, raw in enumerate(data.get("attendus", []), start=1):
            records.append(_record(f"{name} attendu n° {index}", raw))
    by_key: dict[str, BankRecord] = {}
    statements: dict[str, str] = {}
    for item in items.values():
        if item.statement in statements:
            raise BankError(
                f"items {statements[item.statement]} et {item.key} : même affirmation "
                f"« {item.statement} »"
            )
        statements[item.statement] = item.key
    for record in records:
        for key in record.items:
            if key not in items:
                raise BankError(f"{record.source}: item inconnu « {key} »")
        for text in record.texts:
            key = bank_key(text)
            if key in by_key and by_key[key] is not record:
                raise BankError(
                    f"{record.source}: l'attendu « {text} » figure déjà dans {by_key[key].source}"
                )
            by_key[key] = record
    return Bank(items=items, records=tuple(records), by_key=by_key)


def _item(name: str, key: str, raw: dict, items: dict[str, BankItem]) -> BankItem:
    where = f"{name} [items.{key}]"
    if not _KEY.match(key):
        raise BankError(f"{where}: clé invalide (minuscules, chiffres, tirets)")
    if key in items:
        raise BankError(f"{where}: clé déjà utilisée")
    missing = {"statement", "example", "dimension", "kind"} - set(raw)
    if missing or set(raw) - {"statement", "example", "dimension", "kind"}:
        raise BankError(f"{where}: champs attendus statement, example, dimension, kind")
    if raw["dimension"] not in DIMENSIONS_BY_SLUG:
        raise BankError(f"{where}: dimension inconnue « {raw['dimension']} »")
    if raw["kind"] not in KINDS:
        raise BankError(f"{where}: nature inconnue « {raw['kind']} »")
    return BankItem(
        key=key,
        statement=raw["statement"].strip(),
        example=raw["example"].strip(),
        dimension=raw["dimension"],
        kind=raw["kind"],
    )


def _record(where: str, raw: dict) -> BankRecord:
    texts, keys = raw.get("texts"), raw.get("items")
    if set(raw) - {"texts", "items"}:
        raise BankError(f"{where}: champs attendus texts, items")
    if not texts or not all(isinstance(t, str) and t.strip() for t in texts):
        raise BankError(f"{where}: « texts » doit lister au moins un texte d'attendu")
    if not keys or len(set(keys)) != len(keys):
        raise BankError(f"{where}: « items » doit lister des clés d'items distinctes")
    return BankRecord(texts=tuple(texts), items=tuple(keys), source=where)


def load_bank(directory: Path = BANK_DIR) -> Bank:
    """The bank of `directory` (every *.toml file in it)."""
    files = {
        path.name: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.toml"))
    }
    return parse_bank(files)
