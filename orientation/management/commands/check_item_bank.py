"""`manage.py check_item_bank`: the editorial checks of the item bank, for editors and CI."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orientation.itemgen.bank import BANK_DIR, BankError, bank_key, parse_bank
from orientation.itemgen.facets import facet_keys
from orientation.itemgen.standard import MAX_DOUBLE_BARRELLED, is_double_barrelled, item_defects


class Command(BaseCommand):
    help = (
        "Vérifie la banque d'items (orientation/itembank/*.toml, ou les fichiers donnés) : "
        "fichiers cohérents, chaque item conforme à la charte éditoriale (docs/items.md), "
        "affirmations doubles au plus 3 %, et chaque attendu de la base couvert."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="Fichiers TOML (défaut : tous).")
        parser.add_argument(
            "--expect",
            type=Path,
            help="Fichier listant un texte d'attendu par ligne, qui doivent tous être couverts "
            "(défaut : les attendus de la base, quand tous les fichiers sont vérifiés).",
        )

    def handle(self, *args, files, expect, **options):
        paths = files or sorted(BANK_DIR.glob("*.toml"))
        try:
            bank = parse_bank({path.name: path.read_text(encoding="utf-8") for path in paths})
        except (BankError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        problems = 0
        doubles = []
        for item in bank.items.values():
            for defect in item_defects(
                statement=item.statement, example=item.example, kind=item.kind
            ):
                problems += 1
                self.stdout.write(f"[{item.key}] {defect} — {item.statement}")
            if is_double_barrelled(item.statement):
                doubles.append(item)
        share = len(doubles) / len(bank.items) if bank.items else 0
        for item in doubles:
            self.stdout.write(f"[{item.key}] double ? — {item.statement}")
        used = {key for record in bank.records for key in record.items} | facet_keys()
        for key in sorted(set(bank.items) - used):
            problems += 1
            self.stdout.write(f"[{key}] item utilisé par aucun attendu ni aucune règle")
        if not files:
            # The rules name items of the whole bank: checked only when it is all there.
            for key in sorted(facet_keys() - set(bank.items)):
                problems += 1
                self.stdout.write(f"[{key}] item nommé par une règle (facets.py), absent")
        if expect:
            texts = [t for t in expect.read_text(encoding="utf-8").splitlines() if t.strip()]
        elif not files:
            from programmes.models import Attendu

            texts = list(
                Attendu.objects.filter(programme_attendus__isnull=False)
                .values_list("text", flat=True)
                .distinct()
            )
        else:
            texts = []
        missing = [text for text in texts if bank_key(text) not in bank.by_key]
        for text in missing:
            problems += 1
            self.stdout.write(f"attendu absent de la banque : {text}")
        self.stdout.write(
            f"{len(bank.items)} items, {len(bank.records)} attendus ; "
            f"{problems} problème(s) ; affirmations doubles : {len(doubles)} "
            f"({share:.1%}, au plus {MAX_DOUBLE_BARRELLED:.0%})"
        )
        if problems or share > MAX_DOUBLE_BARRELLED:
            raise CommandError("La banque d'items ne respecte pas la charte.")
