"""The scoring inputs of the published catalogue, built once per catalogue version.

Completing a questionnaire ranks every published programme: its attendus and their items
(`ProgrammeSpec`), its bac access routes, its interest areas, the dimension names and advice.
Rebuilding that from the database on every completion cost seconds at 5,000 programmes; it is
built once per process and reused until the catalogue's version token
(`programmes.models.CatalogueVersion`) moves. Whatever changes what is read here bumps it: the
importer and the item generation explicitly (bulk writes send no signal), every other save or
delete of these models through the receivers below (the admin's). The memo itself is
`programmes.versioning`, shared with the search index and the public pages' cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from orientation.models import AttenduItem, Dimension, InterestArea, Item, ProgrammeInterest
from orientation.scoring import ProgrammeSpec
from programmes.models import BacTrack, Programme
from programmes.versioning import per_catalogue_version, watch


@dataclass(frozen=True)
class ProgrammeFacts:
    """What the results need of a published programme."""

    pk: int
    name: str
    slug: str
    kind: str
    bac_codes: frozenset[str]

    def open_to(self, bac_track: str) -> bool:
        """Whether a bac is among its usual access routes (any bac when none is given)."""
        return not bac_track or bac_track in self.bac_codes


@dataclass(frozen=True)
class Catalogue:
    specs: list[ProgrammeSpec]
    programmes: dict[int, ProgrammeFacts]
    areas: dict[int, list[str]]  # programme → its interest area slugs, main first
    dimension_names: dict[str, tuple[str, str]]  # slug → (name, advice)
    dimension_positions: dict[str, int]  # slug → its place in every chart and dashboard
    area_labels: dict[str, str]  # area slug → label


def current_catalogue() -> Catalogue:
    """The published catalogue's scoring inputs (see `per_catalogue_version`)."""
    return per_catalogue_version("catalogue", build_catalogue)


def build_catalogue() -> Catalogue:
    """Every published programme's scoring inputs, read from the database (constant queries)."""
    rows = Programme.objects.published().prefetch_related(
        Prefetch("bac_tracks", queryset=BacTrack.objects.only("code")),
        Prefetch(
            "interest_links",
            queryset=ProgrammeInterest.objects.select_related("area").order_by("position"),
        ),
    )
    programmes: dict[int, ProgrammeFacts] = {}
    areas: dict[int, list[str]] = {}
    for programme in rows.only("pk", "name", "slug", "kind"):
        programmes[programme.pk] = ProgrammeFacts(
            pk=programme.pk,
            name=programme.name,
            slug=programme.slug,
            kind=programme.kind,
            bac_codes=frozenset(t.code for t in programme.bac_tracks.all()),
        )
        areas[programme.pk] = [link.area.slug for link in programme.interest_links.all()]
    dimensions = list(Dimension.objects.order_by("position", "name"))
    return Catalogue(
        specs=Item.objects.in_questionnaire().programme_specs(programmes=list(programmes)),
        programmes=programmes,
        areas=areas,
        dimension_names={d.slug: (d.name, d.advice) for d in dimensions},
        dimension_positions={d.slug: index for index, d in enumerate(dimensions)},
        area_labels=dict(InterestArea.objects.values_list("slug", "label")),
    )


# --- Invalidation -------------------------------------------------------------------------------


def connect_receivers() -> None:
    """The questionnaire's models the catalogue reads (called once from `OrientationConfig.ready`;
    the programmes app watches its own)."""
    watch((Item, AttenduItem, Dimension, InterestArea, ProgrammeInterest))
