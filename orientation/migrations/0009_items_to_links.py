"""Items shared by attendus (step 2 of 3): each item's attendu becomes a link, and items with the
same statement are merged into the oldest one, so one sentence is one question everywhere.

Merged items are kept (marked obsolete), never deleted: past responses' snapshots name them.
Links keep the item's position; a rule-drafted item stays as it was (shown if it was active), as
a draft to check (`brouillon`) in the review queue, until the item bank replaces it.
"""

from django.db import migrations


def items_to_links(apps, schema_editor):
    Item = apps.get_model("orientation", "Item")
    AttenduItem = apps.get_model("orientation", "AttenduItem")
    canonical: dict[str, int] = {}
    links = []
    taken: set[tuple[int, int]] = set()
    merged = []
    for item in Item.objects.order_by("pk"):
        active = item.is_active and not item.obsolete
        target = item.pk
        if active:
            if item.statement in canonical:
                target = canonical[item.statement]
                merged.append(item.pk)
            else:
                canonical[item.statement] = item.pk
        if (item.attendu_id, target) in taken:
            continue
        taken.add((item.attendu_id, target))
        links.append(
            AttenduItem(
                attendu_id=item.attendu_id,
                item_id=target,
                position=item.position,
                status="brouillon",
                rule=item.generation_rule,
            )
        )
    AttenduItem.objects.bulk_create(links)
    Item.objects.filter(pk__in=merged).update(obsolete=True)


class Migration(migrations.Migration):
    dependencies = [("orientation", "0008_item_bank")]

    operations = [migrations.RunPython(items_to_links, migrations.RunPython.noop)]
