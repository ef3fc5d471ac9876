"""Write generated drafts to `orientation.Item` rows, never overwriting a staff edit.

For each attendu, draft number n goes to the item at position n:

- no item there yet → created (its `generated_*` fields equal the visible ones);
- an item there → each of statement, example and dimension is replaced by the new draft only if
  it still equals its `generated_*` value (not edited by staff); the `generated_*` values are
  always refreshed, so an edited field stays recognisably edited. `kind` follows the generator
  unless the dimension was edited. `is_active` (a staff choice) is never touched;
- an item beyond the last draft → marked `obsolete` (no longer asked) unless staff edited it,
  in which case it is kept as is and reported.

Call it inside `transaction.atomic()` (the management command does).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from orientation.dimensions import DIMENSIONS
from orientation.itemgen.drafts import ItemDraft
from orientation.itemgen.generate import generate_items


@dataclass
class SyncReport:
    """What a sync did (or, in a dry run, would do)."""

    attendus: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    obsoleted: int = 0
    kept_edits: int = 0  # edited fields left alone although the generator now says otherwise
    kept_extra: int = 0  # edited items beyond the generator's last draft, kept in the questionnaire
    unmapped: list[str] = field(default_factory=list)  # attendu texts with no draft
    changes: list[str] = field(default_factory=list)  # one line per created/updated/obsolete item


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


def _apply(item, draft: ItemDraft, dimension, report: SyncReport) -> list[str]:
    """Update one existing item from its draft; returns the names of the fields changed."""
    changed: list[str] = []
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
    if item.generation_rule != draft.rule:
        item.generation_rule = draft.rule
        changed.append("generation_rule")
    if item.obsolete:
        item.obsolete = False
        changed.append("obsolete")
    return changed


def sync_items(*, attendus: Iterable | None = None) -> SyncReport:
    """Create or update the items of `attendus` (default: every attendu) from the generator."""
    from orientation.models import Item
    from programmes.models import Attendu

    dimensions = ensure_dimensions()
    attendus = list(Attendu.objects.order_by("pk") if attendus is None else attendus)
    items_by_attendu: dict[int, dict[int, Item]] = {}
    for item in Item.objects.filter(attendu__in=[a.pk for a in attendus]):
        items_by_attendu.setdefault(item.attendu_id, {})[item.position] = item
    report = SyncReport()
    for attendu in attendus:
        report.attendus += 1
        drafts = generate_items(text=attendu.text)
        if not drafts:
            report.unmapped.append(attendu.text)
        existing = items_by_attendu.get(attendu.pk, {})
        for position, draft in enumerate(drafts, start=1):
            dimension = dimensions[draft.dimension]
            item = existing.pop(position, None)
            if item is None:
                Item.objects.create(
                    attendu=attendu,
                    position=position,
                    dimension=dimension,
                    generated_dimension=dimension,
                    kind=draft.kind.value,
                    statement=draft.statement,
                    generated_statement=draft.statement,
                    example=draft.example,
                    generated_example=draft.example,
                    generation_rule=draft.rule,
                )
                report.created += 1
                report.changes.append(f"+ [{attendu.pk}.{position}] {draft.statement}")
                continue
            changed = _apply(item, draft, dimension, report)
            if changed:
                item.save(update_fields=[*changed, "updated_at"])
                report.updated += 1
                report.changes.append(
                    f"~ [{attendu.pk}.{position}] {item.statement} ({', '.join(changed)})"
                )
            else:
                report.unchanged += 1
        for position, item in sorted(existing.items()):
            if item.obsolete:
                report.unchanged += 1
                continue
            if item.is_edited:
                report.kept_extra += 1
                report.changes.append(f"! [{attendu.pk}.{position}] {item.statement}")
                continue
            item.obsolete = True
            item.save(update_fields=["obsolete", "updated_at"])
            report.obsoleted += 1
            report.changes.append(f"- [{attendu.pk}.{position}] {item.statement}")
    return report
