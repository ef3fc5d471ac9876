"""Write the items of every attendu (bank or drafts) to the database, never overwriting a staff
edit or an editor's review decision.

For each attendu, `draft_attendu` says which items it asks, in order. Each proposed item is
resolved to one `Item` row, shared by every attendu asking it:

- a bank item is the row with its `bank_key`; the first sync adopts the row that already has
  its statement (so answers given to it keep counting), else creates one;
- a rule draft is the active row with the same statement (a bank item's included), else a new
  row;
- on an existing row, each of statement, example and dimension is replaced only if it still
  equals its `generated_*` value (not edited by staff); the `generated_*` values always follow
  the source, so an edited field stays recognisably edited. `is_active` is never touched.

The attendu's links (`AttenduItem`) then become the proposed items, in order, with the status
the source gives (bank; draft meeting the standard; to review), except that an editor's decision
on a link (approved, rejected) is kept. A link no longer proposed is removed, unless its item
was edited by staff: then it is kept, after the others, and reported. An item left with no link
becomes obsolete (unless edited); one linked again is no longer obsolete.

Call it inside `transaction.atomic()` (the management command does).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from orientation.dimensions import DIMENSIONS
from orientation.itemgen.bank import Bank, load_bank
from orientation.itemgen.drafting import DraftedItem, Outcome, draft_attendu


@dataclass
class SyncReport:
    """What a sync did (or, in a dry run, would do)."""

    attendus: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    obsoleted: int = 0
    edited_items: int = 0  # items the sync reached that carry a staff edit, left as edited
    kept_edits: int = 0  # edited fields left alone although the source now says otherwise
    kept_extra: int = 0  # links to edited items the source no longer proposes, kept
    outcomes: dict[str, int] = field(default_factory=dict)  # attendus per Outcome
    to_review: list[tuple[str, str]] = field(default_factory=list)  # (text, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (text, reason)
    unmapped: list[str] = field(default_factory=list)  # attendus with nothing shown, not skipped
    changes: list[str] = field(default_factory=list)  # one line per change


def ensure_dimensions() -> dict[str, object]:
    """Dimension rows by slug, creating any missing one from `orientation.dimensions`."""
    from orientation.models import Dimension

    existing = {d.slug: d for d in Dimension.objects.all()}
    for position, data in enumerate(DIMENSIONS, start=1):
        if data.slug not in existing:
            existing[data.slug] = Dimension.objects.create(
                slug=data.slug,
                name=data.name,
                description=data.description,
                advice=data.advice,
                position=position,
            )
    return existing


def _item_rule(proposed: DraftedItem) -> str:
    """Where the item's wording comes from: the bank for any item of the bank (a facet only
    chose it; the link records that rule), else the rule that drafted it."""
    return "banque" if proposed.bank_key else proposed.draft.rule


def _apply(item, proposed: DraftedItem, dimension, report: SyncReport) -> list[str]:
    """Update one existing item from its source; returns the names of the fields changed."""
    draft = proposed.draft
    changed: list[str] = []
    if item.is_edited:
        report.edited_items += 1
    for visible, generated, new in (
        ("statement", "generated_statement", draft.statement),
        ("example", "generated_example", draft.example),
    ):
        edited = getattr(item, visible) != getattr(item, generated)
        if not edited and getattr(item, visible) != new:
            setattr(item, visible, new)
            changed.append(visible)
        elif edited and getattr(item, generated) != new:
            report.kept_edits += 1
        if getattr(item, generated) != new:
            setattr(item, generated, new)
            changed.append(generated)
    dimension_edited = item.dimension_id != item.generated_dimension_id
    if not dimension_edited:
        if item.dimension_id != dimension.pk:
            item.dimension = dimension
            changed.append("dimension")
        if item.kind != draft.kind.value:
            item.kind = draft.kind.value
            changed.append("kind")
    elif item.generated_dimension_id != dimension.pk:
        report.kept_edits += 1
    if item.generated_dimension_id != dimension.pk:
        item.generated_dimension = dimension
        changed.append("generated_dimension")
    if item.generation_rule != _item_rule(proposed):
        item.generation_rule = _item_rule(proposed)
        changed.append("generation_rule")
    if proposed.bank_key and item.bank_key != proposed.bank_key:
        item.bank_key = proposed.bank_key
        changed.append("bank_key")
    if item.obsolete:
        item.obsolete = False
        changed.append("obsolete")
    return changed


class _Items:
    """The item rows, looked up by bank key and by active statement, loaded once."""

    def __init__(self):
        from orientation.models import Item

        self.rows = {item.pk: item for item in Item.objects.all()}
        self.by_key = {i.bank_key: i for i in self.rows.values() if i.bank_key}
        # An active row wins over an obsolete one with the same sentence (sorted last).
        self.by_statement = {
            i.statement: i
            for i in sorted(self.rows.values(), key=lambda i: (not i.obsolete, i.pk))
            if i.is_active
        }
        self.done: set[int] = set()

    def find(self, proposed: DraftedItem):
        if proposed.bank_key and proposed.bank_key in self.by_key:
            return self.by_key[proposed.bank_key]
        item = self.by_statement.get(proposed.draft.statement)
        if item is not None and proposed.bank_key and item.bank_key:
            return None  # the sentence belongs to another bank item: the bank says otherwise
        return item

    def remember(self, item) -> None:
        self.rows[item.pk] = item
        if item.bank_key:
            self.by_key[item.bank_key] = item
        if item.is_active and not item.obsolete:
            self.by_statement[item.statement] = item


def _resolve(proposed: DraftedItem, items: _Items, dimensions, report: SyncReport):
    """The item row for a proposed item, created or brought up to date (once per sync)."""
    from orientation.models import Item

    draft = proposed.draft
    dimension = dimensions[draft.dimension]
    item = items.find(proposed)
    if item is None:
        item = Item.objects.create(
            bank_key=proposed.bank_key,
            dimension=dimension,
            generated_dimension=dimension,
            kind=draft.kind.value,
            statement=draft.statement,
            generated_statement=draft.statement,
            example=draft.example,
            generated_example=draft.example,
            generation_rule=_item_rule(proposed),
        )
        items.remember(item)
        items.done.add(item.pk)
        report.created += 1
        report.changes.append(f"+ [{item.pk}] {item.statement}")
        return item
    if item.pk in items.done:
        return item
    items.done.add(item.pk)
    changed = _apply(item, proposed, dimension, report)
    if "statement" in changed or "obsolete" in changed:
        _release_statement(item, items, report)
    if changed:
        item.save(update_fields=[*changed, "updated_at"])
        items.remember(item)
        report.updated += 1
        report.changes.append(f"~ [{item.pk}] {item.statement} ({', '.join(changed)})")
    else:
        report.unchanged += 1
    return item


def _release_statement(item, items: _Items, report: SyncReport) -> None:
    """Before `item` takes a statement another active, unedited row has, retire that row (its
    links follow the sync of their attendus): one sentence is one item."""
    other = items.by_statement.get(item.statement)
    if other is None or other.pk == item.pk or other.obsolete:
        return
    other.obsolete = True
    other.save(update_fields=["obsolete", "updated_at"])
    report.obsoleted += 1
    report.changes.append(f"- [{other.pk}] {other.statement}")


def _status_for(proposed: DraftedItem, previous: str | None):
    from orientation.models import ReviewStatus

    if previous in (ReviewStatus.APPROVED, ReviewStatus.REJECTED):
        return ReviewStatus(previous), None
    if proposed.draft.rule == "banque":
        return ReviewStatus.BANK, ""
    if proposed.shown:
        return ReviewStatus.DRAFT, ""
    return ReviewStatus.TO_REVIEW, "; ".join(proposed.defects)[:300]


def _link(attendu, wanted: list[tuple], existing: dict, report: SyncReport) -> bool:
    """Make the attendu's links exactly `wanted` [(item, status, note, rule)], in order, keeping
    edited items' links the source dropped. Returns True when something changed."""
    from orientation.models import AttenduItem

    wanted_ids = [item.pk for item, *_rest in wanted]
    kept = [
        link
        for item_id, link in existing.items()
        if item_id not in wanted_ids and link.item.is_edited and not link.item.obsolete
    ]
    for link in kept:
        report.kept_extra += 1
        report.changes.append(f"! [{attendu.pk}] {link.item.statement}")
    target = [
        (
            item.pk,
            position,
            status,
            note if note is not None else existing[item.pk].review_note,
            rule,
        )
        for position, (item, status, note, rule) in enumerate(wanted, start=1)
    ]
    target += [
        (link.item_id, position, link.status, link.review_note, link.rule)
        for position, link in enumerate(kept, start=len(wanted) + 1)
    ]
    current = sorted(
        (link.item_id, link.position, link.status, link.review_note, link.rule)
        for link in existing.values()
    )
    if sorted(target) == current:
        return False
    # Two passes: positions are unique per attendu, so park the survivors out of the way.
    survivors = {item_id for item_id, *_rest in target}
    for item_id, link in existing.items():
        if item_id not in survivors:
            link.delete()
            report.changes.append(f"- [{attendu.pk}] lien vers l'item {item_id}")
    for item_id, link in existing.items():
        if item_id in survivors:
            link.position += 1000
            link.save(update_fields=["position"])
    for item_id, position, status, note, rule in target:
        link = existing.get(item_id)
        if link is None:
            AttenduItem.objects.create(
                attendu=attendu,
                item_id=item_id,
                position=position,
                status=status,
                review_note=note,
                rule=rule,
            )
        else:
            link.position, link.status, link.review_note, link.rule = position, status, note, rule
            link.save(update_fields=["position", "status", "review_note", "rule"])
    return True


def sync_items(*, attendus: Iterable | None = None, bank: Bank | None = None) -> SyncReport:
    """Create or update the items of `attendus` (default: every attendu) from the bank (default:
    `orientation/itembank`) and the general rules."""
    from orientation.models import SHOWN_STATUSES, AttenduItem
    from programmes.models import Attendu, CatalogueVersion

    bank = load_bank() if bank is None else bank
    dimensions = ensure_dimensions()
    attendus = list(Attendu.objects.order_by("pk") if attendus is None else attendus)
    links_by_attendu: dict[int, dict[int, AttenduItem]] = {}
    for link in AttenduItem.objects.filter(attendu__in=[a.pk for a in attendus]).select_related(
        "item"
    ):
        links_by_attendu.setdefault(link.attendu_id, {})[link.item_id] = link
    items = _Items()
    report = SyncReport()
    for attendu in attendus:
        report.attendus += 1
        plan = draft_attendu(text=attendu.text, bank=bank)
        report.outcomes[plan.outcome.value] = report.outcomes.get(plan.outcome.value, 0) + 1
        if plan.outcome is Outcome.SKIPPED:
            report.skipped.append((attendu.text, plan.reason))
        elif plan.outcome is Outcome.REVIEW:
            report.to_review.append((attendu.text, plan.reason))
        existing = links_by_attendu.get(attendu.pk, {})
        wanted = []
        seen: set[int] = set()
        for proposed in plan.items:
            item = _resolve(proposed, items, dimensions, report)
            if item.pk in seen:
                continue
            seen.add(item.pk)
            previous = existing[item.pk].status if item.pk in existing else None
            status, note = _status_for(proposed, previous)
            wanted.append((item, status, note, proposed.draft.rule))
        if plan.outcome is not Outcome.SKIPPED and not any(
            status in SHOWN_STATUSES for _item, status, *_rest in wanted
        ):
            report.unmapped.append(attendu.text)
        if _link(attendu, wanted, existing, report):
            report.changes.append(f"= [{attendu.pk}] {attendu.text[:80]}")
    _obsolete_unlinked(report)
    # Bulk writes send no signal: processes holding scoring inputs rebuild them.
    CatalogueVersion.bump()
    return report


def _obsolete_unlinked(report: SyncReport) -> None:
    """Items no attendu asks any more become obsolete (unless edited); linked ones come back."""
    from orientation.models import Item

    linked = Item.objects.filter(attendu_links__isnull=False)
    for item in Item.objects.filter(obsolete=False).exclude(pk__in=linked.values("pk")):
        if item.is_edited:
            continue
        item.obsolete = True
        item.save(update_fields=["obsolete", "updated_at"])
        report.obsoleted += 1
        report.changes.append(f"- [{item.pk}] {item.statement}")
    active = set(
        Item.objects.filter(obsolete=False, is_active=True).values_list("statement", flat=True)
    )
    for item in Item.objects.filter(obsolete=True, pk__in=linked.values("pk")):
        if item.is_active and item.statement in active:
            continue  # retired for another row with its sentence; its links follow their sync
        active.add(item.statement)
        item.obsolete = False
        item.save(update_fields=["obsolete", "updated_at"])
        report.changes.append(f"~ [{item.pk}] {item.statement} (obsolete)")
