"""Deduce the bac tracks a programme is open to from its "Accès" text.

Rules (the text is folded: case, accents and apostrophes do not matter):

* "bac général", "baccalauréat général" → ``general``.
* A named technological series (STMG, STI2D, STL, ST2S, STD2A, STHR, STAV, S2TMD) → that series;
  "bac technologique agricole" → ``stav``.
* A generic technological bac → all 8 series: "bac technologique", "bac techno", "un autre bac
  technologique", "baccalauréat général, technologique ou professionnel". A generic mention
  directly followed by series ("un bac technologique (STMG ou ST2S)", "un bac technologique
  STHR") means those series only; but when the list is introduced by "notamment", "en
  particulier" or "par exemple" ("un bac technologique, notamment STI2D et STL") the list is not
  exhaustive: all 8 series.
* "bac pro", "bac professionnel", "bacs professionnels", and the slip "un professionnel agricole"
  → ``pro``.
* "mise à niveau" → ``mise-a-niveau``.
* The ONISEP boilerplate sentence "Admission de droit dans les BTS du même domaine pour les
  bacheliers professionnels ou technologiques…" is about a mention at the exam, not about the
  tracks that give access: it is ignored.
"""

from __future__ import annotations

import re

from programmes.bac_tracks import TECHNO_SERIES
from programmes.text import fold

GENERAL = "general"
PRO = "pro"
MISE_A_NIVEAU = "mise-a-niveau"

_SERIES = "|".join(TECHNO_SERIES)
_SERIES_NAMED = re.compile(rf"\b({_SERIES})\b")
_BOILERPLATE = re.compile(r"admission de droit[^.]*\.?")
_MISE_A_NIVEAU = re.compile(r"\bmise a niveau\b")
_PRO_SLIP = re.compile(r"\bun professionnel agricole\b")

# "bac", "bacs", "baccalauréat(s)", "bachelier(s)" then a chain of kinds: "bac général,
# technologique ou professionnel", "bac général (spécialité scientifique) ou technologique
# (STL ; STI2D)".
_HEAD = re.compile(r"\b(?:bac(?:calaureat)?s?|bacheliers?)\s+")
_KIND = re.compile(r"(general|technologiques?|techno|professionnels?|pro)\b")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_SEPARATOR = re.compile(
    r"\s*(?:,|\bou\b|\bet\b)\s*(?:(?:un|une|le|les|des|d'un|d'une)\s+)?"
    r"(?:(?:bac(?:calaureat)?s?|bacheliers?)\s+)?"
)
_NOT_EXHAUSTIVE = re.compile(r"\s*[,(]?\s*(?:notamment|en particulier|par exemple)\b")
_SERIES_FOLLOW = re.compile(rf"\s*[,(:]?\s*(?:un\s+bac\s+)?(?:{_SERIES})\b")
_AGRICULTURAL = re.compile(r"\s*agricole\b")


def parse_access(text: str) -> set[str]:
    """The bac track codes (programmes.bac_tracks) that an "Accès" text opens the programme to."""
    folded = _BOILERPLATE.sub(" ", fold(text))
    tracks: set[str] = set(_SERIES_NAMED.findall(folded))
    if _MISE_A_NIVEAU.search(folded):
        tracks.add(MISE_A_NIVEAU)
    if _PRO_SLIP.search(folded):
        tracks.add(PRO)
    for head in _HEAD.finditer(folded):
        tracks |= _chain_tracks(folded, head.end())
    return tracks


def _chain_tracks(text: str, position: int) -> set[str]:
    """Tracks named by the chain of bac kinds starting at position (just after "bac ")."""
    tracks: set[str] = set()
    while True:
        kind = _KIND.match(text, position)
        if kind is None:
            return tracks
        position = kind.end()
        word = kind.group(1)
        if word == "general":
            tracks.add(GENERAL)
        elif word.startswith("pro"):
            tracks.add(PRO)
        else:
            tracks |= _techno_tracks(text, position)
        parenthesis = _PARENTHESIS.match(text, position)
        if parenthesis:
            position = parenthesis.end()
        separator = _SEPARATOR.match(text, position)
        if separator is None or not _KIND.match(text, separator.end()):
            return tracks
        position = separator.end()


def _techno_tracks(text: str, position: int) -> set[str]:
    """A generic "technologique" at position: all series, unless named series follow it
    exhaustively (they are collected by _SERIES_NAMED)."""
    if _AGRICULTURAL.match(text, position):
        return {"stav"}
    if _NOT_EXHAUSTIVE.match(text, position):
        return set(TECHNO_SERIES)
    if _SERIES_FOLLOW.match(text, position):
        return set()
    return set(TECHNO_SERIES)
