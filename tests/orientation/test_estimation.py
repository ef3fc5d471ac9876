"""Estimating the fit with programmes from answers to other programmes' questions."""

from orientation.estimation import dimension_means, domain_item_id, estimate, rounded_mean
from orientation.scoring import (
    SECTOR_DIMENSION,
    AttenduSpec,
    ItemSpec,
    ProgrammeSpec,
    fit_score_for,
    rank_programmes,
)


def test_rounded_mean_rounds_half_up():
    assert rounded_mean([2, 1]) == 2
    assert rounded_mean([1, 1, 2]) == 1
    assert rounded_mean([0, 1]) == 1
    assert rounded_mean([]) is None


def test_dimension_means_ignore_dont_know_and_the_sector_dimension():
    values = {1: 3, 2: 2, 3: None, 4: 0}
    dims = {1: "equipe", 2: "equipe", 3: "equipe", 4: SECTOR_DIMENSION}
    assert dimension_means(values=values, dimensions=dims) == {"equipe": 3}


def test_unasked_items_take_the_students_mean_in_their_dimension():
    asked = AttenduSpec(1, (ItemSpec(10, "equipe"),))
    other = AttenduSpec(2, (ItemSpec(20, "equipe"), ItemSpec(21, "anglais")))
    specs, answers = estimate(
        specs=[ProgrammeSpec(7, (asked, other))],
        values={10: 2},
        domain_values={},
        programme_domains={},
    )
    assert specs == [ProgrammeSpec(7, (asked, other))]
    assert answers == {10: 2, 20: 2}  # nothing known about "anglais": stays unknown


def test_a_dont_know_answer_is_never_replaced_by_an_estimate():
    attendu = AttenduSpec(1, (ItemSpec(10, "equipe"), ItemSpec(11, "equipe")))
    _specs, answers = estimate(
        specs=[ProgrammeSpec(7, (attendu,))],
        values={10: 3, 11: None},
        domain_values={},
        programme_domains={},
    )
    assert answers == {10: 3, 11: None}


def test_an_unasked_sector_attendu_becomes_the_interest_in_the_programmes_domains():
    interest = AttenduSpec(5, (ItemSpec(50, SECTOR_DIMENSION),))
    specs, answers = estimate(
        specs=[ProgrammeSpec(7, (interest,)), ProgrammeSpec(8, (interest,))],
        values={},
        domain_values={100: 0, 200: 3},
        programme_domains={7: [100, 300], 8: [200]},
    )
    first, second = specs
    assert first.attendus[0].items == (ItemSpec(domain_item_id(100), SECTOR_DIMENSION),)
    assert second.attendus[0].items == (ItemSpec(domain_item_id(200), SECTOR_DIMENSION),)
    # Each programme gets its own attendu id, so rankings never mix two programmes' domains.
    assert first.attendus[0].attendu_id != second.attendus[0].attendu_id
    assert answers[domain_item_id(100)] == 0 and answers[domain_item_id(200)] == 3
    fits = rank_programmes(answers=answers, programmes=specs)
    assert [f.programme_id for f in fits] == [8, 7]
    assert fits[1].to_strengthen_count == 1


def test_a_not_assessed_attendu_counts_as_the_middle_of_the_scale_in_the_fit():
    assert fit_score_for(attendu_scores=[3.0, 3.0], to_strengthen=0, not_assessed=1) == 83.3
    assert fit_score_for(attendu_scores=[3.0, 3.0], to_strengthen=0) == 100.0
    assert fit_score_for(attendu_scores=[], to_strengthen=0, not_assessed=3) is None


def test_more_evidence_of_fit_ranks_higher_than_less():
    a, b, c = (AttenduSpec(i, (ItemSpec(i * 10, "d"),)) for i in (1, 2, 3))
    known = ProgrammeSpec(1, (a, b, c))
    mostly_unknown = ProgrammeSpec(
        2, (a, AttenduSpec(4, (ItemSpec(40, "x"),)), AttenduSpec(5, (ItemSpec(50, "y"),)))
    )
    fits = rank_programmes(answers={10: 3, 20: 3, 30: 3}, programmes=[mostly_unknown, known])
    assert [(f.programme_id, f.fit_score) for f in fits] == [(1, 100.0), (2, 66.7)]
