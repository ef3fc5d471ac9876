"""Two values of a conflict as staff read them: whole texts side by side, the words that differ
marked.

A value is shown as the admin would show the field (a list one item a line: attendus with their
sub-heading, domains as « parent › child », bac tracks by their label) and never shortened: the
staff decide on what they see, so they see all of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orientation.config.admin_tools import word_changes
from programmes.bac_tracks import bac_track_label


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class Sides:
    """Our value and ONISEP's, each as segments: in ours, `changed` marks what ONISEP's value
    does not have; in theirs, what ours does not have."""

    ours: tuple[Segment, ...]
    theirs: tuple[Segment, ...]


def shown_value(*, field: str, value: Any) -> str:
    """A field's value (as `Programme.imported_values` holds it) in readable text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return str(value)
    lines = []
    for item in value:
        if field == "attendus" and isinstance(item, list) and len(item) == 2:
            text, group = item
            lines.append(f"{group} : {text}" if group else str(text))
        elif field == "metiers" and isinstance(item, list) and item:
            lines.append(str(item[0]))
        elif field == "domains" and isinstance(item, str):
            lines.append(item.replace("/", " › ", 1))
        elif field == "bac_tracks" and isinstance(item, str):
            lines.append(bac_track_label(item))
        else:
            lines.append(str(item))
    return "\n".join(lines)


def _merge(pieces: list[Segment]) -> tuple[Segment, ...]:
    merged: list[Segment] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and merged[-1].changed == piece.changed:
            merged[-1] = Segment(merged[-1].text + piece.text, piece.changed)
        else:
            merged.append(piece)
    return tuple(merged)


def word_diff(*, ours: str, theirs: str) -> Sides:
    """Both texts whole, split where their words differ (the history pages' word diff, laid
    out side by side)."""
    left: list[Segment] = []
    right: list[Segment] = []
    for kind, old_piece, new_piece in word_changes(old=ours, new=theirs):
        left.append(Segment(old_piece, kind == "change"))
        right.append(Segment(new_piece, kind == "change"))
    return Sides(_merge(left), _merge(right))


def conflict_sides(*, field: str, current: Any, incoming: Any) -> Sides:
    return word_diff(
        ours=shown_value(field=field, value=current),
        theirs=shown_value(field=field, value=incoming),
    )
