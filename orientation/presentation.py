"""How a stored result snapshot is laid out on a page, for students and counsellors alike."""

from __future__ import annotations

from django.utils.translation import gettext as _

from orientation.scoring import MAX_VALUE, answer_label

CHART_ROW, CHART_BAR_HEIGHT, CHART_WIDTH = 44, 16, 300


def chart_geometry(*, dimensions: list[dict]) -> dict:
    """Geometry of the bar chart (SVG, no JavaScript): per dimension, its name above its bar."""
    bars = [
        {
            **dim,
            "label_y": index * CHART_ROW + 14,
            "y": index * CHART_ROW + 20,
            "width": (
                round(CHART_WIDTH * dim["score"] / MAX_VALUE) if dim["score"] is not None else 0
            ),
        }
        for index, dim in enumerate(dimensions)
    ]
    return {
        "bars": bars,
        "bar_height": CHART_BAR_HEIGHT,
        "width": CHART_WIDTH,
        "height": max(1, len(bars) * CHART_ROW),
    }


def grouped_attendus(*, result: dict) -> list[dict]:
    """The attendu rows of a programme result, grouped by sub-heading, answers labelled."""
    groups: list[dict] = []
    for row in result.get("attendus", ()):
        if not groups or groups[-1]["name"] != row["group"]:
            groups.append({"name": row["group"], "rows": []})
        answers = [
            {**a, "label": answer_label(a["answer"]) or _("Sans réponse")} for a in row["answers"]
        ]
        groups[-1]["rows"].append({**row, "answers": answers})
    return groups
