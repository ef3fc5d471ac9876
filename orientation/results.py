"""Computing the result a completed response shows, as a JSON snapshot.

The snapshot holds the facts the results page prints, computed once at completion with
`SCORING_VERSION`: band and confidence codes, counts, the wording of the content shown (attendu
texts, item statements, dimension names and advice, interest fields, programme names) and, for
the suggestions, the top `SNAPSHOT_SUGGESTIONS` with what their reasons need. Editing items,
advice or the catalogue later never changes a past result. It holds no interface wording: band
labels, reasons and notices are rendered when the page is shown
(`orientation.presentation.labelled_result`), so old results follow today's wording and any
future translation.

Suggestions (scoring 2.0, docs/scoring.md) answer two questions separately: does the field draw
the student (their answers to the interest areas, `orientation.interests`), and are they ready
for what the programme expects (its attendus, only those really assessed)?
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from orientation.catalogue import Catalogue, ProgrammeFacts, current_catalogue
from orientation.models import Response
from orientation.scoring import (
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

MAX_SUGGESTIONS = 5
# Discovery: the suggestions a snapshot keeps, in order (the page numbers ten, « voir plus »
# shows the rest), plus the first `SNAPSHOT_OPEN` open to the student's bac wherever they rank,
# for the counsellor's view. The whole ranking of a 5,000-programme catalogue would weigh MBs.
SNAPSHOT_SUGGESTIONS = 20
SNAPSHOT_OPEN = MAX_SUGGESTIONS


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


def _base_name(name: str) -> str:
    """ "BTS métiers de l'audiovisuel option son" → "BTS métiers de l'audiovisuel"."""
    return name.split(" option ")[0].strip()


def _suggestion_entry(
    suggestion: Suggestion,
    programme: ProgrammeFacts,
    *,
    names: Mapping[str, tuple[str, str]],
    area_labels: Mapping[str, str],
    bac_track: str,
    sister: bool = False,
) -> dict:
    work_on = [names.get(d, (d, ""))[0] for d in suggestion.weak_dimensions]
    area_label = area_labels.get(suggestion.interest_area or "", "")
    # What the reason sentence needs (orientation.presentation.suggestion_reason), not the
    # sentence: the field's name and the dimension names as shown, the student's answer code.
    return {
        "programme": programme.pk,
        "name": programme.name,
        "slug": programme.slug,
        "kind": programme.kind,
        # Readiness in % for ordering and counsellors (never shown to students); None when the
        # student said too little about it to suggest it.
        "fit": suggestion.readiness,
        "band": suggestion.band.value,
        "interest": suggestion.interest,
        "interest_area": suggestion.interest_area,
        "interest_label": area_label,
        "assessed": suggestion.assessed,
        "total": suggestion.attendu_count,
        "good": suggestion.good,
        "to_strengthen": suggestion.to_strengthen,
        "work_on": work_on,
        "sister": sister,
        "open_to_bac": programme.open_to(bac_track),
    }


def _profile(questions: Sequence[dict], item_values: dict, catalogue: Catalogue) -> list[dict]:
    """Per dimension asked, in the dimensions' own order (the same on every result and on the
    cohort dashboard): its band, mean and counts."""
    items = [ItemSpec(q["item"], q["dimension"]) for q in questions if "item" in q]
    names, positions = catalogue.dimension_names, catalogue.dimension_positions
    profile = dimension_profile(answers=item_values, items=items)
    profile.sort(key=lambda d: (positions.get(d.dimension, len(positions)), d.dimension))
    return [
        {
            "slug": d.dimension,
            "name": names.get(d.dimension, (d.dimension, ""))[0],
            "position": positions.get(d.dimension, len(positions)),
            "band": d.band.value,
            "score": d.score,
            "answered": d.answered,
            "items": d.item_count,
        }
        for d in profile
    ]


def programme_result(*, response: Response) -> dict:
    """Result of "Suis-je fait pour ce BTS ?": the programme attendu by attendu, suggestions."""
    questions = response.all_questions
    item_values, area_values = split_values(questions=questions, answers=response.answers)
    catalogue = current_catalogue()
    names = catalogue.dimension_names
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
    advice: dict[str, str] = {}  # dimension name → its « Comment progresser », as shown
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
                "score": result.score,
                "answers": [
                    {
                        "statement": q["statement"],
                        "answer": response.answers.get(q["key"], ""),
                    }
                    for q in source["items"]
                ],
                # The dimensions answered low (« Pas du tout », « Plutôt pas ») in an
                # attendu to work on: their advice, stored once below, is shown under it.
                "weak": [names.get(d, (d, ""))[0] for d in low],
            }
        )
        for d in low:
            name, text = names.get(d, (d, ""))
            if text:
                advice[name] = text
    suggestions = explore_also(
        response=response,
        item_values=item_values,
        area_values=area_values,
        names=names,
        catalogue=catalogue,
    )
    tested = catalogue.programmes.get(response.programme_id)
    return {
        "journey": response.journey,
        "scoring_version": SCORING_VERSION,
        "band": scored.band.value,
        # Share of the assessed attendus in good shape, in %: for counsellors, never shown to
        # the student.
        "fit": _readiness(scored),
        "confidence": scored.confidence.value,
        "answered_share": round(scored.answered_share, 3),
        "answered": sum(r.answered for r in scored.attendus),
        "asked": sum(1 for q in questions if "item" in q),
        # Whether the student's bac is among its usual access routes (None: bac not given).
        "open_to_bac": tested.open_to(response.bac_track)
        if tested and response.bac_track
        else None,
        "counts": {
            "strong": scored.count(Band.STRONG),
            "on_track": scored.count(Band.ON_TRACK),
            "to_strengthen": scored.count(Band.TO_STRENGTHEN),
            "not_assessed": scored.count(Band.NOT_ASSESSED),
        },
        # The flat-answer pattern's code (all top, all bottom), None: the notice is worded on
        # display.
        "flat": scored.flat_pattern.value if scored.flat_pattern else None,
        "interests": [
            {"label": q["statement"], "answer": response.answers.get(q["key"], "")}
            for q in questions
            if "interest" in q
        ],
        "attendus": attendu_rows,
        "advice": advice,
        "dimensions": _profile(questions, item_values, catalogue),
        "suggestions": suggestions,
    }


def explore_also(
    *,
    response: Response,
    item_values: Mapping[int, int | None],
    area_values: Mapping[str, int | None],
    names: Mapping[str, tuple[str, str]],
    catalogue: Catalogue,
) -> list[dict]:
    """« À explorer aussi » after "Suis-je fait pour ce BTS ?": the other options of the same
    BTS first, then programmes of fields the student likes (« Plutôt » or more), each suggested
    only with enough evidence; all open to the student's bac."""
    specs, programmes, areas = catalogue.specs, catalogue.programmes, catalogue.areas
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
        and programmes[spec.programme_id].open_to(response.bac_track)
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
    labels = catalogue.area_labels
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
    catalogue = current_catalogue()
    names, labels = catalogue.dimension_names, catalogue.area_labels
    specs, programmes, areas = catalogue.specs, catalogue.programmes, catalogue.areas
    open_ids = (
        {pk for pk, p in programmes.items() if p.open_to(response.bac_track)}
        if response.bac_track
        else None
    )
    ranked = rank_suggestions(
        programmes=specs, areas=areas, area_values=area_values, answers=item_values, usual=open_ids
    )
    suggestible = [s for s in ranked if s.readiness is not None]
    open_ones = [s for s in suggestible if open_ids is None or s.programme_id in open_ids]
    kept_ids = {s.programme_id for s in suggestible[:SNAPSHOT_SUGGESTIONS]}
    kept_ids.update(s.programme_id for s in open_ones[:SNAPSHOT_OPEN])
    kept = [s for s in suggestible if s.programme_id in kept_ids]
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
        "answered_share": round(real / len(questions), 3) if questions else 0.0,
        "answered": real,
        "asked": len(questions),
        "flat": flat.value if (flat := detect_flat_pattern(values=all_values)) else None,
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
        "dimensions": _profile(questions, item_values, catalogue),
        # The first suggestions only (SNAPSHOT_SUGGESTIONS), then how many there were.
        "ranking": [
            _suggestion_entry(
                s,
                programmes[s.programme_id],
                names=names,
                area_labels=labels,
                bac_track=response.bac_track,
            )
            for s in kept
        ],
        "ranking_counts": {
            "ranked": len(ranked),
            "suggested": len(suggestible),
            "open": len(open_ones),
            "unsure": len(ranked) - len(suggestible),
        },
    }


def compute_result(*, response: Response) -> dict:
    if response.journey == Response.Journey.PROGRAMME:
        return programme_result(response=response)
    return discovery_result(response=response)
