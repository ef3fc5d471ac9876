"""The scoring engine, version 2.0: exact values at every boundary; interest first."""

from __future__ import annotations

import random
import re
from fractions import Fraction
from pathlib import Path

import pytest

from orientation import scoring
from orientation.scoring import (
    ANSWER_OPTIONS,
    SCORING_VERSION,
    AttenduSpec,
    Band,
    Confidence,
    FlatPattern,
    ItemSpec,
    ProgrammeSpec,
    answer_value,
    band_for_values,
    confidence_for,
    detect_flat_pattern,
    dimension_profile,
    programme_band,
    rank_suggestions,
    score_attendu,
    score_programme,
)


def attendu(attendu_id: int, *item_ids: int, dimension: str = "travail-equipe") -> AttenduSpec:
    return AttenduSpec(attendu_id, tuple(ItemSpec(i, dimension) for i in item_ids))


def test_the_version_is_published():
    assert SCORING_VERSION == "2.0"


def test_the_answer_scale_goes_from_pas_du_tout_to_tout_a_fait_plus_dont_know():
    assert [(str(o.label), o.value) for o in ANSWER_OPTIONS] == [
        ("Pas du tout", 0),
        ("Plutôt pas", 1),
        ("Plutôt", 2),
        ("Tout à fait", 3),
        ("Je ne sais pas", None),
    ]
    assert answer_value("plutot") == 2
    assert answer_value("ne-sais-pas") is None
    with pytest.raises(ValueError):
        answer_value("beaucoup")


# --- Attendu band: every boundary, exact values ----------------------------------------------


@pytest.mark.parametrize(
    ("values", "mean", "band"),
    [
        ([3, 3, 2], 2.6667, Band.STRONG),
        ([3, 3, 3], 3.0, Band.STRONG),
        ([3], 3.0, Band.STRONG),
        ([3, 2], 2.5, Band.STRONG),  # exactly STRONG_MEAN
        ([3, 3, 2, 2], 2.5, Band.STRONG),
        ([3, 2, 2], 2.3333, Band.ON_TRACK),  # just below STRONG_MEAN
        ([2], 2.0, Band.ON_TRACK),
        ([2, 1], 1.5, Band.ON_TRACK),  # exactly ON_TRACK_MEAN
        ([2, 2, 1, 1], 1.5, Band.ON_TRACK),
        ([2, 1, 1], 1.3333, Band.TO_STRENGTHEN),  # just below ON_TRACK_MEAN
        ([1], 1.0, Band.TO_STRENGTHEN),
        ([3, 3, 3, 0], 2.25, Band.TO_STRENGTHEN),  # a "Pas du tout" is never compensated
        ([3, 3, 3, 3, 3, 0], 2.5, Band.TO_STRENGTHEN),
        ([0], 0.0, Band.TO_STRENGTHEN),
    ],
)
def test_attendu_band_boundaries(values, mean, band):
    spec = attendu(1, *range(1, len(values) + 1))
    result = score_attendu(attendu=spec, answers=dict(zip(range(1, 10), values, strict=False)))
    assert result.score == pytest.approx(mean, abs=1e-4)
    assert result.band is band
    assert band_for_values(values=values) is band


def test_an_attendu_with_no_real_answer_is_not_assessed():
    spec = attendu(1, 10, 11, 12)
    result = score_attendu(attendu=spec, answers={10: None})
    assert result.band is Band.NOT_ASSESSED
    assert result.score is None
    assert (result.answered, result.dont_know, result.skipped) == (0, 1, 2)
    assert band_for_values(values=[]) is Band.NOT_ASSESSED


def test_dont_know_and_skipped_items_do_not_count_in_the_mean():
    spec = attendu(1, 10, 11, 12, 13)
    result = score_attendu(attendu=spec, answers={10: 3, 11: None, 12: 2})
    assert result.score == 2.5
    assert result.band is Band.STRONG
    assert (result.answered, result.dont_know, result.skipped, result.item_count) == (2, 1, 1, 4)


@pytest.mark.parametrize("bad", [4, -1, 2.0, "2", True])
def test_an_invalid_answer_value_is_refused(bad):
    spec = ProgrammeSpec(1, (attendu(1, 10),))
    with pytest.raises(ValueError):
        score_programme(programme=spec, answers={10: bad})
    with pytest.raises(ValueError):
        rank_suggestions(programmes=[spec], areas={}, area_values={}, answers={10: bad})


# --- Confidence and flat patterns ------------------------------------------------------------


@pytest.mark.parametrize(
    ("real", "total", "confidence"),
    [
        (10, 10, Confidence.HIGH),
        (8, 10, Confidence.HIGH),  # exactly 80 %
        (4, 5, Confidence.HIGH),
        (28, 35, Confidence.HIGH),  # 80 % where 0.8 × 35 is not exact in floating point
        (7, 9, Confidence.MEDIUM),  # 77.8 %
        (5, 10, Confidence.MEDIUM),  # exactly 50 %
        (1, 2, Confidence.MEDIUM),
        (4, 9, Confidence.LOW),  # 44.4 %
        (0, 10, Confidence.LOW),
        (0, 0, Confidence.LOW),
    ],
)
def test_confidence_thresholds(real, total, confidence):
    assert confidence_for(real_answers=real, total_items=total) is confidence


@pytest.mark.parametrize(
    ("values", "pattern"),
    [
        ([3, 3, 3, 3, 3], FlatPattern.ALL_TOP),
        ([3, 3, 3, 3, 3, 3, None], FlatPattern.ALL_TOP),
        ([0, 0, 0, 0, 0], FlatPattern.ALL_BOTTOM),
        ([3, 3, 3, 3], None),  # fewer than 5 real answers
        ([3, 3, 3, 3, None], None),
        ([3, 3, 3, 3, 2], None),
        ([1, 1, 1, 1, 1], None),  # identical but not at an end of the scale
        ([2, 2, 2, 2, 2, 2], None),
    ],
)
def test_flat_patterns(values, pattern):
    assert detect_flat_pattern(values=values) is pattern


# --- Programme result ------------------------------------------------------------------------


def test_programme_band_rules():
    assert programme_band(strong=0, on_track=0, to_strengthen=0) is Band.NOT_ASSESSED
    assert programme_band(strong=5, on_track=0, to_strengthen=1) is Band.TO_STRENGTHEN
    assert programme_band(strong=1, on_track=1, to_strengthen=0) is Band.STRONG  # exactly half
    assert programme_band(strong=1, on_track=2, to_strengthen=0) is Band.ON_TRACK
    assert programme_band(strong=0, on_track=3, to_strengthen=0) is Band.ON_TRACK


def test_a_programme_result_with_one_attendu_to_strengthen():
    programme = ProgrammeSpec(
        7,
        (
            attendu(1, 10, dimension="expression-ecrite"),
            attendu(2, 20, 21, dimension="travail-equipe"),
            attendu(3, 30, 31, dimension="anglais-langues"),
        ),
    )
    answers = {10: 3, 20: 3, 21: 2, 30: 1, 31: 0}
    result = score_programme(programme=programme, answers=answers)
    assert [a.band for a in result.attendus] == [Band.STRONG, Band.STRONG, Band.TO_STRENGTHEN]
    assert [a.score for a in result.attendus] == [3.0, 2.5, 0.5]
    assert result.band is Band.TO_STRENGTHEN
    assert result.confidence is Confidence.HIGH
    assert result.answered_share == 1.0
    assert result.count(Band.STRONG) == 2
    assert [(d.dimension, d.band, d.score) for d in result.dimensions] == [
        ("expression-ecrite", Band.STRONG, 3.0),
        ("travail-equipe", Band.STRONG, 2.5),
        ("anglais-langues", Band.TO_STRENGTHEN, 0.5),
    ]
    assert result.flat_pattern is None
    assert result.scoring_version == "2.0"


def test_a_programme_answered_tout_a_fait_everywhere_is_strong_and_flagged_flat():
    programme = ProgrammeSpec(1, tuple(attendu(i, i * 10) for i in range(1, 6)))
    result = score_programme(programme=programme, answers={i * 10: 3 for i in range(1, 6)})
    assert result.band is Band.STRONG
    assert result.flat_pattern is FlatPattern.ALL_TOP


def test_confidence_counts_dont_know_and_skipped_items_as_missing():
    programme = ProgrammeSpec(1, (attendu(1, 1, 2, 3, 4, 5),))
    result = score_programme(programme=programme, answers={1: 2, 2: 2, 3: None})
    assert result.answered_share == pytest.approx(0.4)
    assert result.confidence is Confidence.LOW


def test_dimension_profile_counts_each_item_once():
    items = [ItemSpec(1, "a"), ItemSpec(2, "a"), ItemSpec(1, "a"), ItemSpec(3, "b")]
    profile = dimension_profile(answers={1: 3, 2: 2, 3: None}, items=items)
    assert [(d.dimension, d.band, d.score, d.answered, d.item_count) for d in profile] == [
        ("a", Band.STRONG, 2.5, 2, 2),
        ("b", Band.NOT_ASSESSED, None, 0, 1),
    ]


# --- Suggestions: interest first, then readiness ----------------------------------------------

TEAM = attendu(1, 10, 11, dimension="travail-equipe")  # answered 3, 3 → strong
FIELD = attendu(9, 90, dimension="interet-secteur")  # only about the field: the interest's job


def _catalogue() -> list[ProgrammeSpec]:
    return [
        ProgrammeSpec(100, (FIELD, TEAM, attendu(2, 20, dimension="anglais-langues"))),  # 20: 1
        ProgrammeSpec(101, (FIELD, TEAM, attendu(3, 30, dimension="numerique"))),  # 30: 2
        ProgrammeSpec(102, (FIELD, TEAM, attendu(4, 40, dimension="numerique"))),  # 40: 2
        ProgrammeSpec(103, (FIELD, attendu(5, 50, dimension="numerique"))),  # nothing asked
        ProgrammeSpec(104, (FIELD, TEAM, attendu(6, 60, dimension="numerique"))),  # 60: 3
    ]


AREAS = {100: ["code"], 101: ["chantier"], 102: ["code", "vente"], 103: ["code"], 104: ["vente"]}
ANSWERS = {10: 3, 11: 3, 20: 1, 30: 2, 40: 2, 60: 3}


def _ids(suggestions) -> list[int]:
    return [s.programme_id for s in suggestions]


def test_a_field_the_student_loves_comes_first_whatever_the_skills():
    ranked = rank_suggestions(
        programmes=_catalogue(),
        areas=AREAS,
        area_values={"code": 3, "chantier": 2, "vente": 1},
        answers=ANSWERS,
    )
    # Code (« Tout à fait ») first: 100 (code only, English to work on), then 102 (code, and
    # vente the student rates « Plutôt pas »), before 101 (chantier, « Plutôt ») and 104 (vente)
    # although 104 has the best answers; 103 has nothing assessed: last, whatever its field.
    assert _ids(ranked) == [100, 102, 101, 104, 103]
    by_id = {s.programme_id: s for s in ranked}
    assert (by_id[100].band, by_id[100].weak_dimensions) == (
        Band.TO_STRENGTHEN,
        ("anglais-langues",),
    )
    assert by_id[103].enough_evidence is False and by_id[103].readiness is None


def test_interest_is_the_best_liked_main_field_never_the_mean_of_all():
    (suggestion,) = rank_suggestions(
        programmes=[ProgrammeSpec(1, (TEAM,))],
        areas={1: ["electricite", "chantier", "energie"]},
        area_values={"electricite": 3, "chantier": 0, "energie": 1},
        answers=ANSWERS,
    )
    assert (suggestion.interest, suggestion.interest_area) == (3, "electricite")


def test_a_programme_the_student_said_almost_nothing_about_never_outranks_a_known_one():
    known = ProgrammeSpec(1, (TEAM, attendu(2, 20, dimension="anglais-langues")))  # one weak
    unknown = ProgrammeSpec(2, (TEAM, attendu(3, 30), attendu(4, 40)))  # 30, 40 never asked
    ranked = rank_suggestions(
        programmes=[unknown, known],
        areas={1: ["a"], 2: ["a"]},
        area_values={"a": 3},
        answers={10: 3, 11: 3, 20: 0},
    )
    # 2 has one attendu assessed, all good; 1 has two, one of them to work on: 1 comes first.
    assert _ids(ranked) == [1, 2]
    assert [(s.assessed, s.enough_evidence) for s in ranked] == [(2, True), (1, False)]


def test_no_interest_answer_means_no_suggestion_however_good_the_skills():
    (suggestion,) = rank_suggestions(
        programmes=[ProgrammeSpec(1, (TEAM, attendu(2, 20)))],
        areas={1: ["code"]},
        area_values={"code": None},  # « Je ne sais pas »
        answers={10: 3, 11: 3, 20: 3},
    )
    assert suggestion.enough_evidence is False


def test_programmes_open_to_the_bac_by_a_usual_route_come_first_within_an_interest():
    ranked = rank_suggestions(
        programmes=_catalogue()[1:3],
        areas={101: ["code"], 102: ["code"]},
        area_values={"code": 3},
        answers=ANSWERS,
        usual={102},
    )
    assert _ids(ranked) == [102, 101]
    assert [s.usual_access for s in ranked] == [True, False]


def test_suggestions_use_the_published_attendu_bands_and_each_attendu_once():
    rng = random.Random(42)
    pool = [
        attendu(a, *(a * 10 + k for k in range(rng.randint(1, 3))), dimension=f"d{a % 4}")
        for a in range(1, 40)
    ]
    programmes = [ProgrammeSpec(p, tuple(rng.sample(pool, rng.randint(3, 8)))) for p in range(60)]
    item_ids = [i.item_id for a in pool for i in a.items]
    answers = {i: rng.choice([0, 1, 2, 3, 3, 2, None]) for i in item_ids if rng.random() < 0.8}
    by_id = {p.programme_id: p for p in programmes}
    ranked = rank_suggestions(programmes=programmes, areas={}, area_values={}, answers=answers)
    for suggestion in ranked:
        detail = score_programme(programme=by_id[suggestion.programme_id], answers=answers)
        assert suggestion.band is detail.band
        assert suggestion.strong == detail.count(Band.STRONG)
        assert suggestion.to_strengthen == detail.count(Band.TO_STRENGTHEN)
        assert suggestion.assessed == len(detail.attendus) - detail.count(Band.NOT_ASSESSED)


def test_the_order_is_deterministic_whatever_the_input_order():
    catalogue = _catalogue()
    values = {"code": 3, "chantier": 3, "vente": 3}
    expected = rank_suggestions(
        programmes=catalogue, areas=AREAS, area_values=values, answers=ANSWERS
    )
    shuffled = catalogue[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert (
            rank_suggestions(programmes=shuffled, areas=AREAS, area_values=values, answers=ANSWERS)
            == expected
        )


# --- The published rules (docs/scoring.md) state the code's constants ---------------------------

PUBLISHED_RULES = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"


def stated_figure(text: str, name: str) -> float:
    """The number the rules give just before "(`NAME`)": "au moins 2,5 (`STRONG_MEAN`)" → 2.5."""
    match = re.search(r"(\d+(?:,\d+)?)[^()\d]{0,40}\(`" + name + r"`\)", text)
    assert match, f"{name} is not stated with its figure in docs/scoring.md"
    return float(match[1].replace(",", "."))


def test_the_published_rules_state_the_constants_of_the_code():
    text = PUBLISHED_RULES.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# Comment le score est calculé (version {SCORING_VERSION})"
    for name in ("STRONG_MEAN", "ON_TRACK_MEAN", "MIN_ASSESSED_ATTENDUS", "MIN_DIMENSION_ANSWERS"):
        assert stated_figure(text, name) == float(getattr(scoring, name)), name
    assert stated_figure(text, "FLAT_PATTERN_MIN_ANSWERS") == scoring.FLAT_PATTERN_MIN_ANSWERS
    for name in ("HIGH_CONFIDENCE_SHARE", "MEDIUM_CONFIDENCE_SHARE"):
        assert stated_figure(text, name) == float(getattr(scoring, name)) * 100, name
    assert Fraction(1, 2) == scoring.STRONG_SHARE
    assert "au moins la moitié des attendus évalués (`STRONG_SHARE`)" in text
    # Every constant the rules name exists in the engine.
    for name in re.findall(r"`([A-Z][A-Z_]+)`", text):
        assert hasattr(scoring, name), name
