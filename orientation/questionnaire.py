"""Which questions a journey asks, in which steps: the snapshot a response keeps.

A questionnaire is a list of steps; a step is a title and a list of questions; a question is a
plain dict, copied into `Response.questions` so that editing an item later never changes what a
past response asked or showed.

- Item question: ``{"key": "q12", "item": 12, "attendu": 3, "attendu_text": …, "group": …,
  "statement": …, "example": …, "dimension": slug, "dimension_name": …}``, plus, when the
  programme's later attendus ask the same item, ``"also": [{"attendu": 5, "attendu_text": …,
  "group": …}]``: the student rates the sentence once and the answer counts for each.
- Interest question: ``{"key": "i4", "interest": "programmer", "statement": …, "example": …,
  "dimension": "interet-secteur", "dimension_name": …}``: one activity statement per interest
  area (`orientation.models.InterestArea`).
- Domain question (discovery journeys stored before scoring 2.0 only): ``{"key": "d4",
  "domain": 4, "domain_slug": …, "statement": …, …}``.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _lazy

from orientation import dimensions as dim
from orientation.models import AttenduItem, InterestArea, Item, ProgrammeInterest
from orientation.scoring import SECTOR_DIMENSION
from programmes.models import Programme, ProgrammeAttendu
from programmes.text import fold
from programmes.versioning import per_catalogue_version

MAX_PROGRAMME_ITEMS = 15
PROGRAMME_STEP_SIZE = 5
# The programme journey ends with a few neighbouring fields, to suggest other programmes from
# what the student said rather than guessing.
NEIGHBOUR_AREAS = 4
MIN_NEIGHBOUR_AREAS = 3
# Discovery: one skill item per dimension, the one most programmes share, if it serves at least
# this many programmes (a programme-specific item is never asked of everyone).
MIN_DISCOVERY_REACH = 5
SKILL_STEPS = (
    (
        _lazy("Ce que tu sais faire : communiquer et travailler avec les autres"),
        (
            dim.EXPRESSION_ECRITE,
            dim.EXPRESSION_ORALE,
            dim.LANGUES,
            dim.EQUIPE,
            dim.RELATION,
            dim.ORGANISATION,
            dim.CURIOSITE,
        ),
    ),
    (
        _lazy("Ce que tu sais faire : sciences, technique et méthode"),
        (
            dim.SCIENCES,
            dim.COMMUNICATION_TECHNIQUE,
            dim.PRATIQUE,
            dim.NUMERIQUE,
            dim.ECONOMIE_DROIT,
            dim.RIGUEUR,
            dim.CREATIVITE,
        ),
    ),
)

Question = dict
Step = dict


def _item_question(item: Item, *, attendu_id: int, attendu_text: str, group: str = "") -> Question:
    return {
        "key": f"q{item.pk}",
        "item": item.pk,
        "attendu": attendu_id,
        "attendu_text": attendu_text,
        "group": group,
        "statement": item.statement,
        "example": item.example,
        "dimension": item.dimension.slug,
        "dimension_name": item.dimension.name,
    }


def _interest_question(area: InterestArea, *, sector_name: str) -> Question:
    return {
        "key": f"i{area.pk}",
        "interest": area.slug,
        "statement": area.statement,
        "example": area.example,
        "dimension": SECTOR_DIMENSION,
        "dimension_name": sector_name,
    }


def _sector_name() -> str:
    # The seeded name: asking the database for it would cost every questionnaire a query.
    return str(dim.DIMENSIONS_BY_SLUG[SECTOR_DIMENSION].name)


def _chunks(questions: Sequence[Question], size: int) -> list[list[Question]]:
    """Split into steps of at most `size`, as even as possible (5+5+4, not 5+5+1... or 14→5,5,4)."""
    if not questions:
        return []
    count = -(-len(questions) // size)
    base, extra = divmod(len(questions), count)
    out, start = [], 0
    for index in range(count):
        end = start + base + (1 if index < extra else 0)
        out.append(list(questions[start:end]))
        start = end
    return out


def select_programme_items(*, per_attendu: Sequence[Sequence[Item]], limit: int) -> list[Item]:
    """At most `limit` items, every attendu keeping its first item, in fiche order.

    Items beyond the first of an attendu (the splits of a multi-skill attendu) are added round
    by round — all second items, then all third items… — while room is left. An item several
    attendus share is one question, counted once.
    """
    chosen: set[int] = set()
    depth = 0
    budget = limit
    while budget > 0:
        added = False
        for items in per_attendu:
            if depth < len(items) and budget > 0:
                added = True
                if items[depth].pk not in chosen:
                    chosen.add(items[depth].pk)
                    budget -= 1
        if not added:
            break
        depth += 1
    unique = {item.pk: item for items in per_attendu for item in items if item.pk in chosen}
    return list(unique.values())


def programme_questionnaire(*, programme: Programme) -> list[Step]:
    """Steps of "Suis-je fait pour ce BTS ?": the programme's own items (≤ 15)."""
    links = (
        ProgrammeAttendu.objects.filter(programme=programme)
        .select_related("attendu")
        .prefetch_related(
            Prefetch(
                "attendu__item_links",
                queryset=AttenduItem.objects.shown()
                .select_related("item__dimension")
                .order_by("position"),
            )
        )
        .order_by("position")
    )
    links = list(links)
    per_attendu = [[ai.item for ai in link.attendu.item_links.all()] for link in links]
    selected = {
        item.pk
        for item in select_programme_items(per_attendu=per_attendu, limit=MAX_PROGRAMME_ITEMS)
    }
    questions: list[Question] = []
    asked: dict[int, Question] = {}
    for link, items in zip(links, per_attendu, strict=True):
        for item in items:
            if item.pk not in selected:
                continue
            if item.pk in asked:
                # Asked already for an earlier attendu: the one answer counts for this one too.
                also = asked[item.pk].setdefault("also", [])
                if link.attendu_id not in [a["attendu"] for a in also]:
                    also.append(
                        {
                            "attendu": link.attendu_id,
                            "attendu_text": link.attendu.text,
                            "group": link.group,
                        }
                    )
                continue
            question = _item_question(
                item, attendu_id=link.attendu_id, attendu_text=link.attendu.text, group=link.group
            )
            asked[item.pk] = question
            questions.append(question)
    steps = _chunks(questions, PROGRAMME_STEP_SIZE)
    # Steps carry codes, not headings: the headings are written on display
    # (orientation.presentation.step_heading).
    out = [
        {"kind": "questions", **_bounds(steps, i), "questions": step}
        for i, step in enumerate(steps)
    ]
    # Its own fields too when none of its questions is about the field (nothing to read the
    # student's interest from otherwise).
    asks_field = any(q["dimension"] == SECTOR_DIMENSION for q in questions)
    neighbours = neighbour_areas(programme=programme, include_own=not asks_field)
    if out and neighbours:
        sector_name = _sector_name()
        out.append(
            {
                "kind": "neighbours",
                "questions": [_interest_question(a, sector_name=sector_name) for a in neighbours],
            }
        )
    return out


def neighbour_areas(
    *, programme: Programme, limit: int = NEIGHBOUR_AREAS, include_own: bool = False
) -> list[InterestArea]:
    """The fields to ask after a programme's questionnaire, in cascade until there are
    `MIN_NEIGHBOUR_AREAS`: those most often found beside its own in other programmes' profiles;
    then those of programmes sharing one of its ONISEP domains; then the other fields of its
    theme. Its own fields come first when `include_own` (its questions do not ask about them)."""
    # One query: the links with their areas (a field no programme has is no use here).
    links = list(ProgrammeInterest.objects.select_related("area"))
    own = {link.area_id for link in links if link.programme_id == programme.pk}
    if not own:
        return []
    by_programme: dict[int, set[int]] = {}
    for link in links:
        if link.programme_id != programme.pk:
            by_programme.setdefault(link.programme_id, set()).add(link.area_id)
    areas = {link.area_id: link.area for link in links}

    def most_shared(related: Iterable[int]) -> list[int]:
        counts: Counter = Counter()
        for programme_id in related:
            counts.update(by_programme.get(programme_id, set()) - own)
        return sorted(counts, key=lambda a: (-counts[a], areas[a].position))

    ranked = most_shared(p for p, area_ids in by_programme.items() if area_ids & own)
    if len(ranked) < MIN_NEIGHBOUR_AREAS:
        tops: dict[int, set[int]] = {}
        rows = Programme.domains.through.objects.values_list(
            "programme_id", "domain__parent_id", "domain_id"
        )
        for programme_id, parent_id, domain_id in rows:
            tops.setdefault(programme_id, set()).add(parent_id or domain_id)
        mine = tops.get(programme.pk, set())
        ranked += [
            a
            for a in most_shared(p for p, t in tops.items() if t & mine and p != programme.pk)
            if a not in ranked
        ]
    if len(ranked) < MIN_NEIGHBOUR_AREAS:
        themes = {areas[a].theme for a in own}
        ranked += [
            pk
            for pk, a in areas.items()
            if a.theme in themes and pk not in own and pk not in ranked
        ]
    if include_own:
        ranked = sorted(own, key=lambda a: areas[a].position) + ranked
        limit += 1
    return [areas[a] for a in ranked[:limit]]


def _bounds(steps: list[list[Question]], index: int) -> dict[str, int]:
    first = sum(len(s) for s in steps[:index]) + 1
    return {"first": first, "last": first + len(steps[index]) - 1}


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", fold(text)) if len(w) > 2}


def near_duplicate(a: str, b: str, *, threshold: float = 0.6) -> bool:
    """Two statements sharing most of their words ("Je sais travailler en équipe" / "… en équipe
    sur un projet") would ask the same thing twice (Jaccard index of their words)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return a == b
    return len(wa & wb) / len(wa | wb) >= threshold


def discovery_items() -> list[Item]:
    """One skill item per dimension of `SKILL_STEPS`: the one the most published programmes
    ask, provided it serves at least `MIN_DISCOVERY_REACH` of them; in step order."""
    reach: dict[int, set[int]] = {}
    rows = (
        AttenduItem.objects.shown()
        .exclude(item__dimension__slug=SECTOR_DIMENSION)
        .filter(attendu__programme_attendus__programme__published=True)
        .values_list("item_id", "attendu__programme_attendus__programme_id")
        .distinct()
    )
    for item_id, programme_id in rows:
        reach.setdefault(item_id, set()).add(programme_id)
    # A small catalogue (a new instance, a test) cannot reach 5: half of it is enough there.
    published = len({p for programmes in reach.values() for p in programmes})
    needed = min(MIN_DISCOVERY_REACH, max(2, published // 2))
    candidates = sorted(
        (
            item
            for item in Item.objects.filter(pk__in=list(reach)).select_related("dimension")
            if len(reach[item.pk]) >= needed
        ),
        key=lambda item: (-len(reach[item.pk]), item.pk),
    )
    best: dict[str, Item] = {}
    for item in candidates:
        slug = item.dimension.slug
        if slug not in best and not any(
            near_duplicate(item.statement, other.statement) for other in best.values()
        ):
            best[slug] = item
    order = [slug for _title, slugs in SKILL_STEPS for slug in slugs]
    return [best[slug] for slug in order if slug in best]


def discovery_questionnaire() -> list[Step]:
    """Steps of "Quels BTS me correspondent ?": the interest areas theme by theme (« does this
    field draw you? »), then one skill item per dimension (« are you ready? »).

    The same for every student until the catalogue changes: built once per catalogue version
    (its choice of items reads every published programme), a copy handed out each time."""
    return copy.deepcopy(per_catalogue_version("discovery-questionnaire", _discovery_steps))


def _discovery_steps() -> list[Step]:
    sector_name = _sector_name()
    steps: list[Step] = []
    areas = list(InterestArea.objects.all())
    for theme in InterestArea.Theme.values:
        questions = [
            _interest_question(a, sector_name=sector_name) for a in areas if a.theme == theme
        ]
        if questions:
            steps.append({"kind": "interests", "theme": theme, "questions": questions})
    chosen = discovery_items()
    # Each question shows the attendu it comes from: the one most programmes share.
    source: dict[int, tuple[int, str]] = {}
    rows = (
        AttenduItem.objects.shown()
        .filter(item__in=[item.pk for item in chosen])
        .annotate(reach=Count("attendu__programme_attendus"))
        .order_by("item_id", "-reach", "attendu_id")
        .values_list("item_id", "attendu_id", "attendu__text")
    )
    for item_id, attendu_id, text in rows:
        source.setdefault(item_id, (attendu_id, text))
    by_dimension = {item.dimension.slug: item for item in chosen}
    for part, (_title, slugs) in enumerate(SKILL_STEPS):
        questions = [
            _item_question(item, attendu_id=source[item.pk][0], attendu_text=source[item.pk][1])
            for slug in slugs
            if (item := by_dimension.get(slug)) is not None
        ]
        if questions:
            steps.append({"kind": "skills", "part": part, "questions": questions})
    return steps


def dimension_counts(steps: Sequence[Step]) -> Counter:
    """How many questions each dimension gets (for coverage checks)."""
    return Counter(q["dimension"] for step in steps for q in step["questions"])
