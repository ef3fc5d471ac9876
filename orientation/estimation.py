"""Estimating a lycéen's fit with programmes whose questions they were not asked.

A student answers the items of one programme (or ≤ 40 transversal items); suggestions rank every
programme. Pure functions, no ORM:

- an item that was **not asked** counts as the student's mean answer in its dimension, rounded
  half up (asked items keep their real answer, "Je ne sais pas" included: we never guess over
  what the student said);
- a programme's **sector-interest** attendu that was not asked counts as the student's interest in
  the programme's ONISEP domains (the discovery journey asks it domain by domain; the programme
  journey takes the student's interest answers for the tested programme's domains): the attendu
  is replaced, for that programme only, by one item per domain of the programme;
- a dimension or domain the student said nothing about stays unknown: those attendus are
  "Non évalué", which lowers the confidence but is never counted as a weakness.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from orientation.scoring import SECTOR_DIMENSION, AttenduSpec, ItemSpec, ProgrammeSpec

Values = Mapping[int, int | None]


def rounded_mean(values: Iterable[int]) -> int | None:
    """Mean rounded half up: [2, 1] → 2, [1, 1, 2] → 1, [] → None."""
    values = list(values)
    if not values:
        return None
    return int(Fraction(sum(values), len(values)) + Fraction(1, 2))


def dimension_means(*, values: Values, dimensions: Mapping[int, str]) -> dict[str, int]:
    """Rounded mean of the real answers per dimension (sector interest excluded)."""
    by_dimension: dict[str, list[int]] = {}
    for item_id, value in values.items():
        dimension = dimensions.get(item_id)
        if value is None or dimension is None or dimension == SECTOR_DIMENSION:
            continue
        by_dimension.setdefault(dimension, []).append(value)
    return {
        dim: mean for dim, vals in by_dimension.items() if (mean := rounded_mean(vals)) is not None
    }


def domain_item_id(domain_id: int) -> int:
    """Synthetic item id standing for "interest in domain N" (negative: never a real item)."""
    return -domain_id


def _synthetic_attendu_id(programme_id: int, attendu_id: int) -> int:
    return -(programme_id * 1_000_000 + attendu_id)


def estimate(
    *,
    specs: Sequence[ProgrammeSpec],
    values: Values,
    domain_values: Values,
    programme_domains: Mapping[int, Sequence[int]],
) -> tuple[list[ProgrammeSpec], dict[int, int | None]]:
    """Specs and answers to rank every programme from what the student actually answered.

    `values`: item id → real answer (None for "Je ne sais pas") for the items asked.
    `domain_values`: top-level domain id → interest (None for "Je ne sais pas"), for the domains
    asked. `programme_domains`: programme id → its top-level domain ids.
    """
    dimensions = {
        item.item_id: item.dimension for s in specs for a in s.attendus for item in a.items
    }
    means = dimension_means(values=values, dimensions=dimensions)
    answers: dict[int, int | None] = dict(values)
    for domain_id, value in domain_values.items():
        answers[domain_item_id(domain_id)] = value
    out: list[ProgrammeSpec] = []
    for spec in specs:
        domains = [d for d in programme_domains.get(spec.programme_id, ()) if d in domain_values]
        attendus: list[AttenduSpec] = []
        for attendu in spec.attendus:
            asked = any(item.item_id in values for item in attendu.items)
            sector_only = bool(attendu.items) and all(
                item.dimension == SECTOR_DIMENSION for item in attendu.items
            )
            if sector_only and not asked and domains:
                attendus.append(
                    AttenduSpec(
                        _synthetic_attendu_id(spec.programme_id, attendu.attendu_id),
                        tuple(ItemSpec(domain_item_id(d), SECTOR_DIMENSION) for d in domains),
                    )
                )
                continue
            for item in attendu.items:
                if item.item_id not in values and item.dimension in means:
                    answers[item.item_id] = means[item.dimension]
            attendus.append(attendu)
        out.append(ProgrammeSpec(spec.programme_id, tuple(attendus)))
    return out, answers
