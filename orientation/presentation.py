"""How a stored result snapshot is laid out on a page, for students and counsellors alike.

A snapshot stores codes and facts (orientation/results.py); every label and sentence of the
interface is rendered here, at display time, in the active language: a result stored years ago
reads with today's wording.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from orientation.models import InterestArea
from orientation.questionnaire import SKILL_STEPS
from orientation.scoring import (
    ANSWER_OPTIONS,
    MAX_VALUE,
    MIN_DIMENSION_ANSWERS,
    Band,
    Confidence,
    answer_label,
)

ANSWER_LABELS = {option.value: option.label for option in ANSWER_OPTIONS}
FLAT_NOTICE = gettext_lazy(
    "Tu as donné la même réponse à presque toutes les questions. C'est possible, mais cela vaut "
    "la peine de relire quelques affirmations : le bilan est plus utile quand il distingue ce "
    "que tu maîtrises déjà de ce qui reste à travailler."
)


def step_heading(step: Mapping) -> dict:
    """A questionnaire step with its `title` (and `intro`) written from its codes; a step
    stored with its wording (before the codes) keeps it."""
    kind, title, intro = step.get("kind"), step.get("title", ""), step.get("intro", "")
    if kind == "questions":
        title = _("Questions %(first)d à %(last)d") % {"first": step["first"], "last": step["last"]}
    elif kind == "neighbours":
        title = _("Pour te suggérer d'autres BTS")
        intro = _(
            "Dernière étape : quelques domaines voisins. Tes réponses servent seulement à te "
            "proposer d'autres BTS à explorer."
        )
    elif kind == "interests":
        themes = dict(InterestArea.Theme.choices)
        title = _("Ce qui te plaît : %(theme)s") % {
            "theme": themes.get(step["theme"], step["theme"])
        }
    elif kind == "skills" and 0 <= step.get("part", -1) < len(SKILL_STEPS):
        title = str(SKILL_STEPS[step["part"]][0])
    return {**step, "title": title, "intro": intro}


def band_label(code: str) -> str:
    """ "a-renforcer" → « Point de vigilance »; an unknown code (a future version) → « Non
    évalué » rather than an error."""
    try:
        return str(Band(code).label)
    except ValueError:
        return str(Band.NOT_ASSESSED.label)


def confidence_label(code: str) -> str:
    try:
        return str(Confidence(code).label)
    except ValueError:
        return ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def suggestion_reason(entry: Mapping) -> str:
    """One or two sentences from the student's own answers: the field, then the readiness.

    From the facts a snapshot stores for a suggestion; an entry stored by scoring 1.0 (no
    interest facts) gets its attendu counts."""
    if "interest" not in entry:
        return _legacy_reason(entry)
    parts = []
    if entry.get("sister"):
        parts.append(_("Une autre option du BTS que tu as testé."))
    interest, field = entry.get("interest"), entry.get("interest_label", "")
    if interest is not None and field:
        if interest >= 3:
            parts.append(_("Tu aimes %(field)s.") % {"field": field})
        else:
            parts.append(
                _("Pour %(field)s, tu as répondu « %(answer)s ».")
                % {"field": field, "answer": ANSWER_LABELS.get(interest, "")}
            )
    if not entry.get("open_to_bac", True):
        parts.append(_("Ton bac ne fait pas partie de ses accès habituels."))
    assessed, work_on = entry.get("assessed") or 0, entry.get("work_on") or ()
    if assessed and work_on:
        parts.append(
            _("À travailler pour ce BTS, d'après tes réponses : %(names)s.")
            % {"names": ", ".join(_lower_first(n) for n in work_on)}
        )
    elif assessed:
        parts.append(
            ngettext(
                "Ce qu'il attend va dans le sens de tes réponses (%(count)d attendu évalué).",
                "Ce qu'il attend va dans le sens de tes réponses (%(count)d attendus évalués).",
                assessed,
            )
            % {"count": assessed}
        )
    else:
        parts.append(_("Tes réponses ne disent encore rien de ses attendus."))
    return " ".join(parts)


def _legacy_reason(entry: Mapping) -> str:
    good, total = entry.get("good") or 0, entry.get("total") or 0
    if good:
        text = ngettext(
            "%(good)d attendu sur %(total)d en bonne voie.",
            "%(good)d attendus sur %(total)d en bonne voie.",
            good,
        )
    else:  # French reads "0" as singular
        text = _("Aucun attendu sur %(total)d en bonne voie.")
    return text % {"good": good, "total": total}


def labelled_suggestion(entry: Mapping) -> dict:
    return {
        **entry,
        "band_label": band_label(entry.get("band", "")),
        "reason": suggestion_reason(entry),
    }


def labelled_result(result: Mapping) -> dict:
    """A copy of a stored result with the interface wording added: `band_label` on the result,
    its attendus, dimensions and suggestions, `confidence_label`, `flat_notice`, each
    suggestion's `reason`. The templates read only this."""
    if not result:
        return {}
    return {
        **result,
        "band_label": band_label(result.get("band", "")),
        "confidence_label": confidence_label(result.get("confidence", "")),
        # « flat » since the slim snapshots; the sentence itself before.
        "flat_notice": str(FLAT_NOTICE) if result.get("flat") or result.get("flat_notice") else "",
        "attendus": [
            {**row, "band_label": band_label(row.get("band", ""))}
            for row in result.get("attendus", ())
        ],
        "dimensions": [
            {**dim, "band_label": band_label(dim.get("band", ""))}
            for dim in result.get("dimensions", ())
        ],
        "suggestions": [labelled_suggestion(e) for e in result.get("suggestions", ())],
        "ranking": [labelled_suggestion(e) for e in result.get("ranking", ())],
    }


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
    advice_by_name = result.get("advice", {})
    advised: set[str] = set()
    for row in result.get("attendus", ()):
        if not groups or groups[-1]["name"] != row["group"]:
            groups.append({"name": row["group"], "rows": []})
        answers = [
            {**a, "label": answer_label(a["answer"]) or _("Sans réponse")} for a in row["answers"]
        ]
        advice = [
            {"dimension": name, "text": advice_by_name[name]}
            for name in row.get("weak", ())
            if name in advice_by_name and name not in advised
        ]
        advised.update(a["dimension"] for a in advice)
        groups[-1]["rows"].append({**row, "answers": answers, "advice": advice})
    return groups


def programme_headline(*, result: dict) -> dict:
    """What is strong and what to watch, in words, for the top of a programme result:
    « 3 points forts, 2 en bonne voie, 1 point de vigilance : anglais »."""
    counts = result.get("counts", {})
    watch: list[str] = []
    for row in result.get("attendus", ()):
        if row.get("band") == Band.TO_STRENGTHEN:
            watch.extend(n for n in row.get("weak", ()) if n not in watch)
    return {
        "strong": counts.get("strong", 0),
        "on_track": counts.get("on_track", 0),
        "watch": counts.get("to_strengthen", 0),
        "watch_names": [_lower_first(n) for n in watch],
        "not_assessed": counts.get("not_assessed", 0),
    }
