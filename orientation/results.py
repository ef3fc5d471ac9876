"""Computing the result a completed response shows, as a JSON snapshot.

The snapshot holds everything the results page prints (bands, labels, advice, suggestions with
their reasons), computed once at completion with `SCORING_VERSION`: editing items, advice or the
catalogue later never changes a past result.

Suggestions (scoring 2.0, docs/scoring.md) answer two questions separately: does the field draw
the student (their answers to the interest areas, `orientation.interests`), and are they ready
for what the programme expects (its attendus, only those really assessed)?
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from orientation.models import Dimension, InterestArea, Item, ProgrammeInterest, Response
from orientation.scoring import (
    ANSWER_OPTIONS,
    RATHER,
    SCORING_VERSION,
    SECTOR_DIMENSION,
    AttenduSpec,
    Band,
    ItemSpec,
    ProgrammeSpec,
    Suggestion,
    answer_value,
    confidence_for,
    detect_flat_pattern,
    dimension_profile,
    good_share,
    low_dimensions,
    rank_suggestions,
    score_programme,
)
from programmes.models import Programme

MAX_SUGGESTIONS = 5
ANSWER_LABELS = {option.value: option.label for option in ANSWER_OPTIONS}
FLAT_NOTICE = _(
    "Tu as donné la même réponse à presque toutes les questions. C'est possible, mais cela vaut "
    "la peine de relire quelques affirmations : le bilan est plus utile quand il distingue ce "
    "que tu maîtrises déjà de ce qui reste à travailler."
)


def split_values(
    *, questions: Sequence[dict], answers: Mapping[str, str]
) -> tuple[dict[int, int | None], dict[str, int | None]]:
    """Item values (item id → 0..3 or None) and interest values (area slug → 0..3 or None)
    from stored answer codes. Domain questions of journeys stored before 2.0 are ignored."""
    items: dict[int, int | None] = {}
    areas: dict[str, int | None] = {}
    for question in questions:
        code = answers.get(question["key"])
        if code is None:
            continue
        value = answer_value(code)
        if "item" in question:
            items[question["item"]] = value
        elif "interest" in question:
            areas[question["interest"]] = value
    return items, areas


def rounded_mean(values: Iterable[int]) -> int | None:
    """Mean rounded half up: [2, 1] → 2, [1, 1, 2] → 1, [] → None."""
    values = list(values)
    if not values:
        return None
    return int(Fraction(sum(values), len(values)) + Fraction(1, 2))


def _catalogue() -> tuple[list[ProgrammeSpec], dict[int, Programme], dict[int, list[str]]]:
    """Specs, rows and interest profiles of every published programme (constant queries)."""
    programmes = {
        p.pk: p
        for p in Programme.objects.published().prefetch_related(
            "bac_tracks",
            Prefetch(
                "interest_links",
                queryset=ProgrammeInterest.objects.select_related("area").order_by("position"),
            ),
        )
    }
    specs = Item.objects.in_questionnaire().programme_specs(programmes=list(programmes))
    areas = {
        pk: [link.area.slug for link in programme.interest_links.all()]
        for pk, programme in programmes.items()
    }
    return specs, programmes, areas


def _open_to(programme: Programme, bac_track: str) -> bool:
    return not bac_track or any(t.code == bac_track for t in programme.bac_tracks.all())


def _base_name(name: str) -> str:
    """ "BTS métiers de l'audiovisuel option son" → "BTS métiers de l'audiovisuel"."""
    return name.split(" option ")[0].strip()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def suggestion_reason(
    *, suggestion: Suggestion, area_label: str, work_on: Sequence[str], sister: bool = False
) -> str:
    """One or two sentences from the student's own answers: the field, then the readiness."""
    parts = []
    if sister:
        parts.append(gettext("Une autre option du BTS que tu as testé."))
    if suggestion.interest is not None and area_label:
        if suggestion.interest >= 3:
            parts.append(gettext("Tu aimes %(field)s.") % {"field": area_label})
        else:
            parts.append(
                gettext("Pour %(field)s, tu as répondu « %(answer)s ».")
                % {"field": area_label, "answer": ANSWER_LABELS[suggestion.interest]}
            )
    if not suggestion.usual_access:
        parts.append(gettext("Ton bac ne fait pas partie de ses accès habituels."))
    if suggestion.assessed and work_on:
        parts.append(
            gettext("À travailler pour ce BTS, d'après tes réponses : %(names)s.")
            % {"names": ", ".join(_lower_first(n) for n in work_on)}
        )
    elif suggestion.assessed:
        parts.append(
            ngettext(
                "Ce qu'il attend va dans le sens de tes réponses (%(count)d attendu évalué).",
                "Ce qu'il attend va dans le sens de tes réponses (%(count)d attendus évalués).",
                suggestion.assessed,
            )
            % {"count": suggestion.assessed}
        )
    else:
        parts.append(gettext("Tes réponses ne disent encore rien de ses attendus."))
    return " ".join(parts)


def _suggestion_entry(
    suggestion: Suggestion,
    programme: Programme,
    *,
    names: Mapping[str, tuple[str, str]],
    area_labels: Mapping[str, str],
    bac_track: str,
    sister: bool = False,
) -> dict:
    work_on = [names.get(d, (d, ""))[0] for d in suggestion.weak_dimensions]
    area_label = area_labels.get(suggestion.interest_area or "", "")
    return {
        "programme": programme.pk,
        "name": programme.name,
        "slug": programme.slug,
        "kind": programme.kind,
        # Readiness in % for ordering and counsellors (never shown to students); None when the
        # student said too little about it to suggest it.
        "fit": suggestion.readiness,
        "band": suggestion.band.value,
        "band_label": str(suggestion.band.label),
        "interest": suggestion.interest,
        "interest_area": suggestion.interest_area,
        "interest_label": area_label,
        "assessed": suggestion.assessed,
        "total": suggestion.attendu_count,
        "good": suggestion.good,
        "to_strengthen": suggestion.to_strengthen,
        "work_on": work_on,
        "sister": sister,
        "reason": suggestion_reason(
            suggestion=suggestion, area_label=area_label, work_on=work_on, sister=sister
        ),
        "open_to_bac": _open_to(programme, bac_track),
    }


def _dimension_names() -> dict[str, tuple[str, str]]:
    return {d.slug: (d.name, d.advice) for d in Dimension.objects.all()}


def _area_labels() -> dict[str, str]:
    return dict(InterestArea.objects.values_list("slug", "label"))


def _profile(questions: Sequence[dict], item_values: dict, names) -> list[dict]:
    items = [ItemSpec(q["item"], q["dimension"]) for q in questions if "item" in q]
    return [
        {
            "slug": d.dimension,
            "name": names.get(d.dimension, (d.dimension, ""))[0],
            "band": d.band.value,
            "band_label": str(d.band.label),
            "score": d.score,
            "answered": d.answered,
            "items": d.item_count,
        }
        for d in dimension_profile(answers=item_values, items=items)
    ]


def programme_result(*, response: Response) -> dict:
    """Result of "Suis-je fait pour ce BTS ?": the programme attendu by attendu, suggestions."""
    questions = response.all_questions
    item_values, area_values = split_values(questions=questions, answers=response.answers)
    names = _dimension_names()
    attendus: dict[int, dict] = {}
    for q in questions:
        if "item" not in q:
            continue  # the neighbouring fields asked at the end, for the suggestions
        # A question shared by several attendus of the programme ("also") counts for each.
        sources = [q, *q.get("also", ())]
        for source in sources:
            entry = attendus.setdefault(
                source["attendu"],
                {"text": source["attendu_text"], "group": source.get("group", ""), "items": []},
            )
            entry["items"].append(q)
    spec = ProgrammeSpec(
        response.programme_id or 0,
        tuple(
            AttenduSpec(aid, tuple(ItemSpec(q["item"], q["dimension"]) for q in a["items"]))
            for aid, a in attendus.items()
        ),
    )
    scored = score_programme(programme=spec, answers=item_values)
    attendu_rows = []
    for result in scored.attendus:
        source = attendus[result.attendu_id]
        low = (
            low_dimensions(
                items=(ItemSpec(q["item"], q["dimension"]) for q in source["items"]),
                get=item_values.get,
            )
            if result.band is Band.TO_STRENGTHEN
            else ()
        )
        attendu_rows.append(
            {
                "attendu": result.attendu_id,
                "text": source["text"],
                "group": source["group"],
                "band": result.band.value,
                "band_label": str(result.band.label),
                "score": result.score,
                "answers": [
                    {
                        "statement": q["statement"],
                        "answer": response.answers.get(q["key"], ""),
                    }
                    for q in source["items"]
                ],
                # Advice only for what the student answered low (« Pas du tout », « Plutôt
                # pas ») in an attendu to work on; the page shows each dimension's once.
                "advice": [
                    {"dimension": names.get(d, (d, ""))[0], "text": names.get(d, ("", ""))[1]}
                    for d in low
                    if names.get(d, ("", ""))[1]
                ],
                "weak": [names.get(d, (d, ""))[0] for d in low],
            }
        )
    catalogue = _catalogue()
    suggestions = explore_also(
        response=response,
        item_values=item_values,
        area_values=area_values,
        names=names,
        catalogue=catalogue,
    )
    tested = catalogue[1].get(response.programme_id)
    return {
        "journey": response.journey,
        "scoring_version": SCORING_VERSION,
        "band": scored.band.value,
        "band_label": str(scored.band.label),
        # Share of the assessed attendus in good shape, in %: for counsellors, never shown to
        # the student.
        "fit": _readiness(scored),
        "confidence": scored.confidence.value,
        "confidence_label": str(scored.confidence.label),
        "answered_share": round(scored.answered_share, 3),
        "answered": sum(r.answered for r in scored.attendus),
        "asked": sum(1 for q in questions if "item" in q),
        # Whether the student's bac is among its usual access routes (None: bac not given).
        "open_to_bac": _open_to(tested, response.bac_track)
        if tested and response.bac_track
        else None,
        "counts": {
            "strong": scored.count(Band.STRONG),
            "on_track": scored.count(Band.ON_TRACK),
            "to_strengthen": scored.count(Band.TO_STRENGTHEN),
            "not_assessed": scored.count(Band.NOT_ASSESSED),
        },
        "flat_notice": str(FLAT_NOTICE) if scored.flat_pattern else "",
        "interests": [
            {"label": q["statement"], "answer": response.answers.get(q["key"], "")}
            for q in questions
            if "interest" in q
        ],
        "attendus": attendu_rows,
        "dimensions": _profile(questions, item_values, names),
        "suggestions": suggestions,
    }


def explore_also(
    *,
    response: Response,
    item_values: Mapping[int, int | None],
    area_values: Mapping[str, int | None],
    names: Mapping[str, tuple[str, str]],
    catalogue: tuple,
) -> list[dict]:
    """« À explorer aussi » after "Suis-je fait pour ce BTS ?": the other options of the same
    BTS first, then programmes of fields the student likes (« Plutôt » or more), each suggested
    only with enough evidence; all open to the student's bac."""
    specs, programmes, areas = catalogue
    tested = programmes.get(response.programme_id)
    values = dict(area_values)
    # The programme's own fields: its interest items already asked about them.
    interest = rounded_mean(
        v
        for q in response.all_questions
        if "item" in q and q["dimension"] == SECTOR_DIMENSION
        if (v := item_values.get(q["item"])) is not None
    )
    if interest is not None:
        for slug in areas.get(response.programme_id, ()):
            values.setdefault(slug, interest)
    others = [
        spec
        for spec in specs
        if spec.programme_id != response.programme_id
        and _open_to(programmes[spec.programme_id], response.bac_track)
    ]
    ranked = rank_suggestions(
        programmes=others, areas=areas, area_values=values, answers=item_values
    )  # « others » are all open to the bac already
    base = _base_name(tested.name) if tested else None

    def is_sister(s: Suggestion) -> bool:
        return base is not None and _base_name(programmes[s.programme_id].name) == base

    own = set(areas.get(response.programme_id, ()))
    chosen = [s for s in ranked if is_sister(s) and s.interest is not None]
    liked = [
        s
        for s in ranked
        if not is_sister(s)
        and s.enough_evidence
        and s.interest is not None
        and s.interest >= RATHER
    ]
    # Programmes of the tested one's own fields first, then those of neighbouring fields.
    chosen += sorted(liked, key=lambda s: not own & set(areas.get(s.programme_id, ())))
    labels = _area_labels()
    return [
        _suggestion_entry(
            s,
            programmes[s.programme_id],
            names=names,
            area_labels=labels,
            bac_track=response.bac_track,
            sister=is_sister(s),
        )
        for s in chosen[:MAX_SUGGESTIONS]
    ]


def _readiness(scored) -> float | None:
    share = good_share(
        good=scored.count(Band.STRONG) + scored.count(Band.ON_TRACK),
        assessed=len(scored.attendus) - scored.count(Band.NOT_ASSESSED),
    )
    return None if share is None else round(share, 1)


def discovery_result(*, response: Response) -> dict:
    """Result of "Quels BTS me correspondent ?": every programme in the published order, with
    what explains its place; the student's interests; what they said they can do."""
    questions = response.all_questions
    item_values, area_values = split_values(questions=questions, answers=response.answers)
    names = _dimension_names()
    specs, programmes, areas = _catalogue()
    labels = _area_labels()
    ranking = [
        _suggestion_entry(
            s,
            programmes[s.programme_id],
            names=names,
            area_labels=labels,
            bac_track=response.bac_track,
        )
        for s in rank_suggestions(
            programmes=specs,
            areas=areas,
            area_values=area_values,
            answers=item_values,
            usual=(
                {pk for pk, p in programmes.items() if _open_to(p, response.bac_track)}
                if response.bac_track
                else None
            ),
        )
    ]
    all_values = [*item_values.values(), *area_values.values()]
    real = sum(1 for v in all_values if v is not None)
    confidence = confidence_for(real_answers=real, total_items=len(questions))
    interests = [
        {
            "slug": q["interest"],
            "statement": q["statement"],
            "label": labels.get(q["interest"], ""),
            "value": area_values[q["interest"]],
        }
        for q in questions
        if "interest" in q and area_values.get(q["interest"]) is not None
    ]
    interests.sort(key=lambda i: -i["value"])
    return {
        "journey": response.journey,
        "scoring_version": SCORING_VERSION,
        "confidence": confidence.value,
        "confidence_label": str(confidence.label),
        "answered_share": round(real / len(questions), 3) if questions else 0.0,
        "answered": real,
        "asked": len(questions),
        "flat_notice": str(FLAT_NOTICE) if detect_flat_pattern(values=all_values) else "",
        "interests": [i for i in interests if i["value"] >= RATHER],
        "skills": [
            {
                "statement": q["statement"],
                "dimension": names.get(q["dimension"], (q["dimension"], ""))[0],
                "answer": response.answers.get(q["key"], ""),
            }
            for q in questions
            if "item" in q
        ],
        "dimensions": _profile(questions, item_values, names),
        "ranking": ranking,
    }


def compute_result(*, response: Response) -> dict:
    if response.journey == Response.Journey.PROGRAMME:
        return programme_result(response=response)
    return discovery_result(response=response)
