"""Computing the result a completed response shows, as a JSON snapshot.

The snapshot holds everything the results page prints (bands, labels, advice, suggestions with
their reasons), computed once at completion with `SCORING_VERSION`: editing items, advice or the
catalogue later never changes a past result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from orientation.estimation import estimate, rounded_mean
from orientation.models import Dimension, Item, Response
from orientation.scoring import (
    SCORING_VERSION,
    SECTOR_DIMENSION,
    AttenduSpec,
    Band,
    ItemSpec,
    ProgrammeFit,
    ProgrammeSpec,
    answer_value,
    confidence_for,
    detect_flat_pattern,
    dimension_profile,
    rank_programmes,
    score_programme,
)
from programmes.models import Domain, Programme

MAX_SUGGESTIONS = 5
AGRICULTURE_DOMAIN = "agriculture-animaux"
FLAT_NOTICE = _(
    "Tu as donné la même réponse à presque toutes les questions. C'est possible, mais cela vaut "
    "la peine de relire quelques affirmations : le bilan est plus utile quand il distingue ce "
    "que tu maîtrises déjà de ce qui reste à travailler."
)


def split_values(*, questions: Sequence[dict], answers: Mapping[str, str]) -> tuple[dict, dict]:
    """Item values and domain values (id → 0..3 or None) from stored answer codes."""
    items: dict[int, int | None] = {}
    domains: dict[int, int | None] = {}
    for question in questions:
        code = answers.get(question["key"])
        if code is None:
            continue
        value = answer_value(code)
        if "item" in question:
            items[question["item"]] = value
        else:
            domains[question["domain"]] = value
    return items, domains


def _catalogue() -> tuple[list[ProgrammeSpec], dict[int, Programme], dict[int, list[int]]]:
    """Specs and metadata of every published programme, in a constant number of queries."""
    programmes = {
        p.pk: p
        for p in Programme.objects.published().prefetch_related(
            "bac_tracks", Prefetch("domains", queryset=Domain.objects.select_related("parent"))
        )
    }
    specs = Item.objects.in_questionnaire().programme_specs(programmes=list(programmes))
    tops_by_programme = {
        pk: {d.top for d in programme.domains.all()} for pk, programme in programmes.items()
    }
    agriculture = next(
        (d.pk for tops in tops_by_programme.values() for d in tops if d.slug == AGRICULTURE_DOMAIN),
        None,
    )
    domains = {}
    for pk, programme in programmes.items():
        tops = {d.pk for d in tops_by_programme[pk]}
        # A BTSA is a diploma of agricultural education: whatever its ONISEP domains, the
        # student's interest in agriculture and the living world counts for it.
        if programme.kind == Programme.Kind.BTSA and agriculture:
            tops.add(agriculture)
        domains[pk] = sorted(tops)
    return specs, programmes, domains


def _open_to(programme: Programme, bac_track: str) -> bool:
    return not bac_track or any(t.code == bac_track for t in programme.bac_tracks.all())


def _fit_entry(fit: ProgrammeFit, programme: Programme) -> dict:
    return {
        "programme": programme.pk,
        "name": programme.name,
        "slug": programme.slug,
        "kind": programme.kind,
        "fit": fit.fit_score,
        "band": fit.band.value,
        "band_label": str(fit.band.label),
        "reason": fit.reason,
        "good": fit.strong_count + fit.on_track_count,
        "to_strengthen": fit.to_strengthen_count,
        "total": fit.attendu_count,
    }


def _dimension_names() -> dict[str, tuple[str, str]]:
    return {d.slug: (d.name, d.advice) for d in Dimension.objects.all()}


def _ranked(
    *,
    specs: Sequence[ProgrammeSpec],
    programmes: Mapping[int, Programme],
    item_values: dict,
    domain_values: dict,
    programme_domains: Mapping[int, list[int]],
    names: Mapping[str, tuple[str, str]],
) -> list[dict]:
    estimated, answers = estimate(
        specs=specs,
        values=item_values,
        domain_values=domain_values,
        programme_domains=programme_domains,
    )
    fits = rank_programmes(
        answers=answers,
        programmes=estimated,
        dimension_names={slug: name for slug, (name, _advice) in names.items()},
    )
    return [_fit_entry(fit, programmes[fit.programme_id]) for fit in fits]


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
    item_values, _domains = split_values(questions=questions, answers=response.answers)
    names = _dimension_names()
    attendus: dict[int, dict] = {}
    for q in questions:
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
        dims = list(dict.fromkeys(q["dimension"] for q in source["items"]))
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
                "advice": [
                    {"dimension": names.get(d, (d, ""))[0], "text": names.get(d, ("", ""))[1]}
                    for d in dims
                    if result.band is Band.TO_STRENGTHEN and names.get(d, ("", ""))[1]
                ],
            }
        )
    # Suggestions: every other published programme open to the student's bac.
    specs, programmes, programme_domains = _catalogue()
    interest = rounded_mean(
        v
        for q in questions
        if q["dimension"] == SECTOR_DIMENSION
        if (v := item_values.get(q["item"])) is not None
    )
    domain_values = (
        dict.fromkeys(programme_domains.get(response.programme_id, []), interest)
        if interest is not None
        else {}
    )
    others = [
        s
        for s in specs
        if s.programme_id != response.programme_id
        and _open_to(programmes[s.programme_id], response.bac_track)
    ]
    suggestions = _ranked(
        specs=others,
        programmes=programmes,
        item_values=item_values,
        domain_values=domain_values,
        programme_domains=programme_domains,
        names=names,
    )
    suggestions = [s for s in suggestions if s["fit"] is not None][:MAX_SUGGESTIONS]
    return {
        "journey": response.journey,
        "scoring_version": SCORING_VERSION,
        "band": scored.band.value,
        "band_label": str(scored.band.label),
        "fit": scored.fit_score,
        "confidence": scored.confidence.value,
        "confidence_label": str(scored.confidence.label),
        "answered_share": round(scored.answered_share, 3),
        "counts": {
            "strong": scored.count(Band.STRONG),
            "on_track": scored.count(Band.ON_TRACK),
            "to_strengthen": scored.count(Band.TO_STRENGTHEN),
            "not_assessed": scored.count(Band.NOT_ASSESSED),
        },
        "flat_notice": str(FLAT_NOTICE) if scored.flat_pattern else "",
        "attendus": attendu_rows,
        "dimensions": _profile(questions, item_values, names),
        "suggestions": suggestions,
    }


def discovery_result(*, response: Response) -> dict:
    """Result of "Quels BTS me correspondent ?": every programme ranked, with its reason."""
    questions = response.all_questions
    item_values, domain_values = split_values(questions=questions, answers=response.answers)
    names = _dimension_names()
    specs, programmes, programme_domains = _catalogue()
    ranking = _ranked(
        specs=specs,
        programmes=programmes,
        item_values=item_values,
        domain_values=domain_values,
        programme_domains=programme_domains,
        names=names,
    )
    for entry in ranking:
        entry["open_to_bac"] = _open_to(programmes[entry["programme"]], response.bac_track)
    all_values = [*item_values.values(), *domain_values.values()]
    real = sum(1 for v in all_values if v is not None)
    confidence = confidence_for(real_answers=real, total_items=len(questions))
    return {
        "journey": response.journey,
        "scoring_version": SCORING_VERSION,
        "confidence": confidence.value,
        "confidence_label": str(confidence.label),
        "answered_share": round(real / len(questions), 3) if questions else 0.0,
        "flat_notice": str(FLAT_NOTICE) if detect_flat_pattern(values=all_values) else "",
        "dimensions": _profile(questions, item_values, names),
        "ranking": ranking,
    }


def compute_result(*, response: Response) -> dict:
    if response.journey == Response.Journey.PROGRAMME:
        return programme_result(response=response)
    return discovery_result(response=response)
