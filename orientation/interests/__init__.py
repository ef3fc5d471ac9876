"""Interest areas and programmes' interest profiles, from the editorial files of this folder.

- `areas.toml`: the fields a lycéen recognises, each asked as one activity statement;
- `programmes.toml`: each programme's one to three main fields (the first is the main one),
  written from the catalogue by a counsellor's reading, reviewed in diffs like code.

`load_interest_bank()` reads and validates the files (pure, no ORM). `sync_interests()` writes
them to `InterestArea` / `ProgrammeInterest` rows: a programme whose fields staff changed in the
admin keeps them; a programme the file does not know yet (the yearly ONISEP update) gets fields
proposed from its ONISEP sub-domains, marked as such for review.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

INTERESTS_DIR = Path(__file__).resolve().parent
MAX_AREAS = 3
_AREA_FIELDS = {"theme", "label", "statement", "example", "domains"}
# The discovery questionnaire asks the areas theme by theme, one step each, in this order.
THEMES = ("technique", "vivant", "personnes", "creer-gerer")


class InterestBankError(ValueError):
    """The interest files are inconsistent; the message names the file and the entry."""


@dataclass(frozen=True)
class AreaData:
    slug: str
    theme: str
    label: str
    statement: str
    example: str
    domains: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class InterestBank:
    areas: dict[str, AreaData]
    programmes: dict[str, tuple[str, ...]]

    def proposed_areas(self, domain_names: Iterable[str]) -> tuple[str, ...]:
        """Fields for a programme nobody described yet: the areas whose ONISEP sub-domains it
        has, most shared first (at most two: a proposal, for staff to confirm)."""
        names = set(domain_names)
        counts = Counter(
            {slug: len(names & set(area.domains)) for slug, area in self.areas.items()}
        )
        ranked = sorted(
            (slug for slug, n in counts.items() if n),
            key=lambda slug: (-counts[slug], self.areas[slug].position),
        )
        return tuple(ranked[:2])


def parse_interest_bank(*, areas_source: str, programmes_source: str) -> InterestBank:
    """The bank from the two TOML sources; InterestBankError on any inconsistency."""
    try:
        areas_data = tomllib.loads(areas_source)
        programmes_data = tomllib.loads(programmes_source)
    except tomllib.TOMLDecodeError as exc:
        raise InterestBankError(f"TOML invalide ({exc})") from exc
    areas: dict[str, AreaData] = {}
    for position, (slug, raw) in enumerate(areas_data.get("areas", {}).items(), start=1):
        if set(raw) != _AREA_FIELDS:
            raise InterestBankError(
                f"areas.toml [areas.{slug}] : champs attendus {sorted(_AREA_FIELDS)}"
            )
        if raw["theme"] not in THEMES:
            raise InterestBankError(f"areas.toml [areas.{slug}] : thème inconnu « {raw['theme']} »")
        areas[slug] = AreaData(
            slug=slug,
            theme=raw["theme"],
            label=raw["label"].strip(),
            statement=raw["statement"].strip(),
            example=raw["example"].strip(),
            domains=tuple(raw["domains"]),
            position=position,
        )
    programmes: dict[str, tuple[str, ...]] = {}
    for slug, keys in programmes_data.get("programmes", {}).items():
        unknown = [k for k in keys if k not in areas]
        if unknown:
            raise InterestBankError(f"programmes.toml « {slug} » : champs inconnus {unknown}")
        if not 1 <= len(keys) <= MAX_AREAS or len(set(keys)) != len(keys):
            raise InterestBankError(
                f"programmes.toml « {slug} » : de 1 à {MAX_AREAS} champs distincts"
            )
        programmes[slug] = tuple(keys)
    return InterestBank(areas=areas, programmes=programmes)


def load_interest_bank(directory: Path = INTERESTS_DIR) -> InterestBank:
    return parse_interest_bank(
        areas_source=(directory / "areas.toml").read_text(encoding="utf-8"),
        programmes_source=(directory / "programmes.toml").read_text(encoding="utf-8"),
    )


@dataclass
class InterestSyncReport:
    areas_created: int = 0
    areas_updated: int = 0
    programmes_set: int = 0
    programmes_proposed: list[str] = field(default_factory=list)
    programmes_kept: int = 0


def sync_interests(*, bank: InterestBank | None = None) -> InterestSyncReport:
    """Write the areas and every programme's interest profile (see the module doc)."""
    from orientation.models import InterestArea, ProgrammeInterest
    from programmes.models import CatalogueVersion, Programme

    bank = load_interest_bank() if bank is None else bank
    report = InterestSyncReport()
    existing = {area.slug: area for area in InterestArea.objects.all()}
    for data in bank.areas.values():
        values = {
            "theme": data.theme,
            "label": data.label,
            "statement": data.statement,
            "example": data.example,
            "onisep_domains": list(data.domains),
            "position": data.position,
        }
        area = existing.get(data.slug)
        if area is None:
            existing[data.slug] = InterestArea.objects.create(slug=data.slug, **values)
            report.areas_created += 1
        elif any(getattr(area, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(area, name, value)
            area.save()
            report.areas_updated += 1
    links: dict[int, list[ProgrammeInterest]] = {}
    for link in ProgrammeInterest.objects.select_related("area"):
        links.setdefault(link.programme_id, []).append(link)
    for programme in Programme.objects.prefetch_related("domains").order_by("pk"):
        current = sorted(links.get(programme.pk, []), key=lambda link: link.position)
        if any(link.source == ProgrammeInterest.Source.STAFF for link in current):
            report.programmes_kept += 1
            continue
        keys = bank.programmes.get(programme.slug)
        source = ProgrammeInterest.Source.BANK
        if keys is None:
            keys = bank.proposed_areas(d.name for d in programme.domains.all())
            source = ProgrammeInterest.Source.DOMAINS
            report.programmes_proposed.append(programme.slug)
        wanted = [(key, source) for key in keys if key in existing]
        if [(link.area.slug, link.source) for link in current] == wanted:
            continue
        ProgrammeInterest.objects.filter(programme=programme).delete()
        ProgrammeInterest.objects.bulk_create(
            ProgrammeInterest(
                programme=programme, area=existing[key], position=position, source=source
            )
            for position, (key, source) in enumerate(wanted, start=1)
        )
        report.programmes_set += 1
    CatalogueVersion.bump()  # bulk writes send no signal
    return report
