"""Text normalisation shared by the importer, the search and the questionnaire."""

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "\u00a0": " "})
# Control characters that are not white space (NUL, escapes…): never text, and PostgreSQL
# refuses NUL in a text column. A JSON file can carry them escaped ("\u0000").
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LIGATURES = (("œ", "oe"), ("Œ", "Oe"), ("æ", "ae"), ("Æ", "Ae"))


def normalise_newlines(text: str) -> str:
    """Lines ended by LF, whatever wrote them (a browser's textarea sends CR LF, old files CR)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str) -> str:
    """Straighten apostrophes, drop control characters and collapse runs of white space (keeps
    case, accents, œ)."""
    return re.sub(r"\s+", " ", _CONTROL.sub("", text.translate(_APOSTROPHES))).strip()


def fold(text: str) -> str:
    """Lower-case, accent-free, ligature-free form for search and matching."""
    text = clean_text(text)
    for lig, plain in _LIGATURES:
        text = text.replace(lig, plain)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def attendu_key(text: str) -> str:
    """Identity of an attendu: folded, without commas, so punctuation variants are one attendu."""
    folded = fold(text).replace(",", " ")
    folded = re.sub(r"\s+", " ", folded).strip(" .;")
    return folded
