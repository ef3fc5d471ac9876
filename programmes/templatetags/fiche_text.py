"""Render the plain text of a fiche (paragraphs, "- " bullet lines) as HTML."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from programmes.text import normalise_newlines

register = template.Library()

_BULLET = re.compile(r"^[-•*](?:\s+(.*))?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split text into ("p", lines) and ("ul", items) blocks.

    Blank lines separate blocks. A line starting with "-", "•" or "*" is a list item. A line
    right after an empty item, or indented deeper than its item, continues that item (the
    ONISEP export puts the dash and its text on two lines). Other lines make paragraphs, whose
    single line breaks are kept.
    """
    blocks: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    item_indent = 0
    for raw in normalise_newlines(text).split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        bullet = _BULLET.match(line)
        if bullet:
            if current is None or current[0] != "ul":
                current = ("ul", [])
                blocks.append(current)
            current[1].append((bullet.group(1) or "").strip())
            item_indent = _indent(raw)
        elif (
            current is not None
            and current[0] == "ul"
            and (not current[1][-1] or _indent(raw) > item_indent)
        ):
            current[1][-1] = f"{current[1][-1]} {line}".strip()
        else:
            if current is None or current[0] != "p":
                current = ("p", [])
                blocks.append(current)
            current[1].append(line)
    return [(kind, [i for i in items if i]) for kind, items in blocks if any(items)]


@register.filter(needs_autoescape=True)
def fiche_text(value: str | None, autoescape: bool = True) -> SafeString:
    """Escape the text, then wrap paragraphs in <p> and bullet lines in <ul><li>."""
    if not value:
        return mark_safe("")
    esc = conditional_escape if autoescape else str
    html = []
    for kind, items in _blocks(str(value)):
        if kind == "ul":
            lis = "".join(f"<li>{esc(item)}</li>" for item in items)
            html.append(f"<ul>{lis}</ul>")
        else:
            html.append("<p>" + "<br>".join(str(esc(line)) for line in items) + "</p>")
    return mark_safe("\n".join(html))
