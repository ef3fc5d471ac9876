"""Drafting benchmark: the general rules on attendus they have never seen.

Reads the attendu texts of every programme that is NOT a BTS/BTSA in an ONISEP fiche archive
(default: the shared `fiches-toutes-formations` zip; nothing is imported), runs
`draft_attendu` with the bundled item bank on each distinct text, and prints:

- texts drafted (every draft meets the editorial standard: shown, to check), sent to review
  (at least one draft does not, or no rule applies), skipped as prerequisite or prose (with
  the reasons), and matched by the bank (a known wording);
- defects found by the same editorial lint among the drafts that would be shown (target 0);
- what the lint found in the drafts it held back (why they wait for an editor);
- with --sample N, N shown drafts picked at random (fixed seed) to read and judge by hand.

    .venv/bin/python benchmarks/bench_drafting.py [ZIP] [--sample 30] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientation.config.settings")

import django

django.setup()

from orientation.itemgen.bank import load_bank  # noqa: E402
from orientation.itemgen.drafting import Outcome, check_draft, draft_attendu  # noqa: E402
from programmes.importers.common import catalogue_kind  # noqa: E402
from programmes.importers.markdown import (  # noqa: E402
    attendus_from_blocks,
    read_blocks,
    read_document,
)
from programmes.importers.records import NotInCatalogue  # noqa: E402
from programmes.text import attendu_key  # noqa: E402

DEFAULT_ZIP = (
    Path(__file__).resolve().parents[2]
    / "shared/data/onisep/fiches-toutes-formations-2025-10-21.zip"
)


def other_attendus(archive: Path) -> list[str]:
    """Distinct attendu texts of the archive's non-BTS fiches, in name order."""
    texts: dict[str, str] = {}
    with zipfile.ZipFile(archive) as zf:
        for name in sorted(zf.namelist()):
            if not name.endswith(".md"):
                continue
            doc = read_document(
                text=zf.read(name).decode("utf-8"), field_sections=("informations generales",)
            )
            try:
                catalogue_kind(
                    type_label=doc.fields.get("type", ""), field_line="**Type:**", title=doc.title
                )
                continue  # a BTS or BTSA: the bank's own ground
            except NotInCatalogue:
                pass
            blocks = read_blocks(lines=doc.section("attendus") or [])
            for attendu in attendus_from_blocks(blocks=blocks):
                texts.setdefault(attendu_key(attendu.text), attendu.text)
    return list(texts.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", type=Path, default=DEFAULT_ZIP)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    bank = load_bank()
    texts = other_attendus(args.archive)
    outcomes: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    held_back: Counter[str] = Counter()
    shown_defects = 0
    shown: list[tuple[str, object]] = []
    drafts_shown = drafts_held = 0
    for text in texts:
        plan = draft_attendu(text=text, bank=bank)
        outcomes[plan.outcome] += 1
        if plan.outcome is Outcome.SKIPPED:
            skipped[plan.reason] += 1
        for item in plan.items:
            if item.shown:
                drafts_shown += 1
                # The same lint, run again on what would be shown: it must find nothing.
                if check_draft(item.draft):
                    shown_defects += 1
                shown.append((text, item))
            else:
                drafts_held += 1
                for defect in item.defects:
                    held_back[defect.split(":")[0].strip()] += 1
        if plan.outcome is Outcome.REVIEW and not plan.items:
            held_back["aucune règle"] += 1
    total = len(texts)

    def share(n: int) -> str:
        return f"{n} ({100 * n / total:.0f} %)" if total else str(n)

    print(f"Attendus distincts hors BTS : {total}")
    print(f"  reconnus par la banque        : {share(outcomes[Outcome.BANK])}")
    print(f"  rédigés (brouillons conformes) : {share(outcomes[Outcome.DRAFTED])}")
    print(f"  envoyés en relecture          : {share(outcomes[Outcome.REVIEW])}")
    print(f"  ignorés                       : {share(outcomes[Outcome.SKIPPED])}")
    for reason, count in skipped.most_common():
        print(f"      {count:4d}  {reason}")
    print(f"Items qui seraient posés : {drafts_shown} ; retenus pour relecture : {drafts_held}")
    print(f"Défauts de la charte parmi les items qui seraient posés : {shown_defects}")
    print("Motifs de relecture :")
    for reason, count in held_back.most_common():
        print(f"      {count:4d}  {reason}")
    rng = random.Random(args.seed)
    sample = rng.sample(shown, min(args.sample, len(shown)))
    print(f"\nÉchantillon de {len(sample)} items qui seraient posés (graine {args.seed}) :")
    for index, (text, item) in enumerate(sample, start=1):
        source = f"banque:{item.bank_key}" if item.bank_key else item.draft.rule
        print(f"{index:2d}. « {text} »\n    → {item.draft.statement}  [{source}]")
        print(f"      {item.draft.example}")


if __name__ == "__main__":
    main()
