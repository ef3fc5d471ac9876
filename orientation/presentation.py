"""How a stored result snapshot is laid out on a page, for students and counsellors alike."""

from __future__ import annotations

from django.utils.translation import gettext as _

from orientation.scoring import MAX_VALUE, MIN_DIMENSION_ANSWERS, answer_label

CHART_ROW, CHART_BAR_HEIGHT, CHART_WIDTH = 44, 16, 300


def chart_geometry(*, dimensions: list[dict]) -> dict:
    """Geometry of the bar chart (SVG, no JavaScript): per dimension, its name above its bar.

    Only dimensions with at least `MIN_DIMENSION_ANSWERS` real answers: an « average » of one
    answer is false precision."""
    dimensions = [d for d in dimensions if (d.get("answered") or 0) >= MIN_DIMENSION_ANSWERS]
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
    """The attendu rows of a programme result, grouped by sub-heading, answers labelled; the
    advice of a dimension is shown once, under the first attendu that needs it."""
    groups: list[dict] = []
    advised: set[str] = set()
    for row in result.get("attendus", ()):
        if not groups or groups[-1]["name"] != row["group"]:
            groups.append({"name": row["group"], "rows": []})
        answers = [
            {**a, "label": answer_label(a["answer"]) or _("Sans réponse")} for a in row["answers"]
        ]
        advice = [a for a in row.get("advice", ()) if a["dimension"] not in advised]
        advised.update(a["dimension"] for a in advice)
        groups[-1]["rows"].append({**row, "answers": answers, "advice": advice})
    return groups


def programme_headline(*, result: dict) -> dict:
    """What is strong and what to watch, in words, for the top of a programme result:
    « 3 points forts, 2 en bonne voie, 1 point de vigilance : anglais »."""
    counts = result.get("counts", {})
    watch: list[str] = []
    for row in result.get("attendus", ()):
        if row.get("band") == "a-renforcer":
            names = row.get("weak") or [a["dimension"] for a in row.get("advice", ())]
            watch.extend(n for n in names if n not in watch)
    return {
        "strong": counts.get("strong", 0),
        "on_track": counts.get("on_track", 0),
        "watch": counts.get("to_strengthen", 0),
        "watch_names": [n[:1].lower() + n[1:] for n in watch],
        "not_assessed": counts.get("not_assessed", 0),
    }
