"""Which questions a journey asks, in which steps: the snapshot a response keeps.

A questionnaire is a list of steps; a step is a title and a list of questions; a question is a
plain dict, copied into `Response.questions` so that editing an item later never changes what a
past response asked or showed.

- Item question: ``{"key": "q12", "item": 12, "attendu": 3, "attendu_text": …, "group": …,
  "statement": …, "example": …, "dimension": slug, "dimension_name": …}``, plus, when the
  programme's later attendus ask the same item, ``"also": [{"attendu": 5, "attendu_text": …,
  "group": …}]``: the student rates the sentence once and the answer counts for each.
- Domain question (discovery journey): ``{"key": "d4", "domain": 4, "domain_slug": …,
  "statement": …, "example": …, "dimension": "interet-secteur", "dimension_name": …}``
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from orientation.models import AttenduItem, Dimension, Item
from orientation.scoring import SECTOR_DIMENSION
from programmes.forms import top_level_domains_with_programmes
from programmes.models import Programme, ProgrammeAttendu
from programmes.text import fold

MAX_PROGRAMME_ITEMS = 15
PROGRAMME_STEP_SIZE = 5
MAX_DISCOVERY_ITEMS = 40
DISCOVERY_STEP_SIZE = 8
DOMAIN_STEP_SIZE = 9

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
    return [
        {"title": _("Questions %(first)d à %(last)d") % _bounds(steps, i), "questions": step}
        for i, step in enumerate(steps)
    ]


def _bounds(steps: list[list[Question]], index: int) -> dict[str, int]:
    first = sum(len(s) for s in steps[:index]) + 1
    return {"first": first, "last": first + len(steps[index]) - 1}


def _domain_examples() -> dict[int, list[str]]:
    rows = (
        Programme.objects.published()
        .filter(domains__parent__isnull=False)
        .values_list("domains__parent_id", "name")
        .order_by("name")
        .distinct()
    )
    examples: dict[int, list[str]] = {}
    for domain_id, name in rows:
        examples.setdefault(domain_id, []).append(name)
    return examples


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", fold(text)) if len(w) > 2}


def near_duplicate(a: str, b: str, *, threshold: float = 0.6) -> bool:
    """Two statements sharing most of their words ("Je sais travailler en équipe" / "… en équipe
    sur un projet") would ask the same thing twice (Jaccard index of their words)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return a == b
    return len(wa & wb) / len(wa | wb) >= threshold


def discovery_items(*, limit: int = MAX_DISCOVERY_ITEMS) -> list[Item]:
    """≤ `limit` items covering the transversal dimensions (not the sector-interest one).

    Within a dimension, items of the attendus that most programmes share come first; dimensions
    take turns (in their display order) so every one is covered before any gets a second item.
    The same statement reached from two attendus is asked once.
    """
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
    items = list(Item.objects.filter(pk__in=list(reach)).select_related("dimension"))
    for item in items:
        item.reach = len(reach[item.pk])
    items.sort(key=lambda item: (-item.reach, item.pk))
    by_dimension: dict[int, list[Item]] = {}
    positions: dict[int, tuple[int, str]] = {}
    for item in items:
        kept = by_dimension.setdefault(item.dimension_id, [])
        if any(near_duplicate(item.statement, other.statement) for other in kept):
            continue
        kept.append(item)
        positions[item.dimension_id] = (item.dimension.position, item.dimension.slug)
    order = sorted(by_dimension, key=lambda d: positions[d])
    chosen: list[Item] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(by_dimension[d]) for d in order):
        for dimension_id in order:
            if depth < len(by_dimension[dimension_id]) and len(chosen) < limit:
                chosen.append(by_dimension[dimension_id][depth])
        depth += 1
    # Ask them grouped by dimension, in dimension order, so the questionnaire reads naturally.
    rank = {d: i for i, d in enumerate(order)}
    return sorted(chosen, key=lambda item: (rank[item.dimension_id], -item.reach, item.pk))


def discovery_questionnaire() -> list[Step]:
    """Steps of "Quels BTS me correspondent ?": domains that attract, then transversal items."""
    sector = Dimension.objects.filter(slug=SECTOR_DIMENSION).first()
    sector_name = sector.name if sector else _("Intérêt pour le secteur")
    examples = _domain_examples()
    domain_questions = [
        {
            "key": f"d{domain.pk}",
            "domain": domain.pk,
            "domain_slug": domain.slug,
            "statement": _("Le domaine « %(name)s » m'attire.") % {"name": domain.name},
            "example": _("Par exemple : %(names)s.")
            % {"names": ", ".join(examples.get(domain.pk, [])[:3])},
            "dimension": SECTOR_DIMENSION,
            "dimension_name": sector_name,
        }
        for domain in top_level_domains_with_programmes()
    ]
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
    item_questions = [
        _item_question(item, attendu_id=source[item.pk][0], attendu_text=source[item.pk][1])
        for item in chosen
    ]
    steps: list[Step] = []
    for chunk in _chunks(domain_questions, DOMAIN_STEP_SIZE):
        steps.append({"title": _("Les domaines qui t'attirent"), "questions": chunk})
    item_steps = _chunks(item_questions, DISCOVERY_STEP_SIZE)
    for index, chunk in enumerate(item_steps):
        steps.append(
            {
                "title": _("Ce que tu sais faire (%(n)d/%(total)d)")
                % {"n": index + 1, "total": len(item_steps)},
                "questions": chunk,
            }
        )
    return steps


def dimension_counts(steps: Sequence[Step]) -> Counter:
    """How many questions each dimension gets (for coverage checks)."""
    return Counter(q["dimension"] for step in steps for q in step["questions"])
