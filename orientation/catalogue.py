"""The scoring inputs of the published catalogue, built once per catalogue version.

Completing a questionnaire ranks every published programme: its attendus and their items
(`ProgrammeSpec`), its bac access routes, its interest areas, the dimension names and advice.
Rebuilding that from the database on every completion cost seconds at 5,000 programmes; it is
built once per process and reused until the catalogue's version token
(`programmes.models.CatalogueVersion`) moves. Whatever changes what is read here bumps it: the
importer and the item generation explicitly (bulk writes send no signal), every other save or
delete of these models through the receivers below (the admin's).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from orientation.models import AttenduItem, Dimension, InterestArea, Item, ProgrammeInterest
from orientation.scoring import ProgrammeSpec
from programmes.models import Attendu, BacTrack, CatalogueVersion, Programme, ProgrammeAttendu


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


T = TypeVar("T")

_lock = threading.Lock()
_version = ""
_memo: dict[tuple[str, str | None], object] = {}


def per_catalogue_version(name: str, build: Callable[[], T]) -> T:
    """`build()`, computed once per catalogue version (and language) in this process: one
    query when nothing changed, `build()` again when something did. Never cached while no
    version has been marked (then every call builds)."""
    global _version
    version = CatalogueVersion.current()
    if not version:
        return build()
    key = (name, get_language())
    with _lock:
        if version != _version:
            _memo.clear()
            _version = version
        if key in _memo:
            return _memo[key]  # type: ignore[return-value]
    value = build()
    with _lock:
        if _version == version:
            _memo[key] = value
    return value


def current_catalogue() -> Catalogue:
    """The published catalogue's scoring inputs (see `per_catalogue_version`)."""
    return per_catalogue_version("catalogue", build_catalogue)


def forget() -> None:
    """Drop this process's copies (after changing the catalogue outside Django)."""
    global _version
    with _lock:
        _memo.clear()
        _version = ""


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

# The models whose rows the catalogue reads.
WATCHED = (
    Programme,
    ProgrammeAttendu,
    Attendu,
    BacTrack,
    Item,
    AttenduItem,
    Dimension,
    InterestArea,
    ProgrammeInterest,
)


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures loading: the loader bumps once at the end if it matters
    CatalogueVersion.bump()


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        CatalogueVersion.bump()


def connect_receivers() -> None:
    """Called once from `OrientationConfig.ready`."""
    for model in WATCHED:
        uid = f"capbts-catalogue-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _m2m_changed,
        sender=Programme.bac_tracks.through,
        dispatch_uid="capbts-catalogue-bac-tracks",
    )
