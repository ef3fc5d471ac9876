"""Small builders of real catalogue rows for tests.

Every function is keyword-only, creates (or reuses) real database rows and returns them.
Defaults are unique, so tests only spell out what they check:

    programme = make_programme(
        name="BTS Services informatiques aux organisations",
        sigle="SIO",
        attendus=["Disposer de compétences pour le travail en équipe", ("Intérêts", "Aimer coder")],
        metiers=["développeur/euse informatique", make_metier(name="webmestre")],
        domains=["informatique, internet/informatique"],
        bac_codes=["stmg", "sti2d"],
    )

The bac tracks of programmes.bac_tracks are seeded by a migration and are therefore always
present; `bac_codes` reuses them (and creates any other code it is given).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.text import slugify

from programmes.models import (
    Attendu,
    BacTrack,
    Domain,
    Metier,
    Programme,
    ProgrammeAttendu,
    ProgrammeMetier,
)
from programmes.text import attendu_key, clean_text, fold

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def make_bac_track(*, code: str, label: str = "", family: str = "other") -> BacTrack:
    """The bac track with this code, created if it does not exist yet."""
    track, _created = BacTrack.objects.get_or_create(
        code=code, defaults={"label": label or code.upper(), "family": family, "position": 100}
    )
    return track


def make_domain(*, name: str, parent: Domain | str | None = None, slug: str = "") -> Domain:
    """A domain (top-level when parent is None), reused when it already exists.

    `parent` may be a Domain or a top-level domain name.
    """
    if isinstance(parent, str):
        parent = make_domain(name=parent)
    existing = Domain.objects.filter(name=name, parent=parent).first()
    if existing is not None:
        return existing
    base = slug or slugify(f"{parent.name} {name}" if parent else name)[:170] or "domaine"
    slug = base
    while Domain.objects.filter(slug=slug).exists():
        slug = f"{base}-{_next()}"
    return Domain.objects.create(name=name, parent=parent, slug=slug)


def _domain(value: Domain | str) -> Domain:
    """A Domain, or a name in the ONISEP form "parent/child" (or just "parent")."""
    if isinstance(value, Domain):
        return value
    parent_name, _sep, child_name = value.partition("/")
    parent = make_domain(name=parent_name.strip())
    if not child_name.strip():
        return parent
    return make_domain(name=child_name.strip(), parent=parent)


def make_attendu(*, text: str) -> Attendu:
    """The attendu with this text (same normalised key = same attendu), created if needed."""
    attendu, _created = Attendu.objects.get_or_create(
        text_key=attendu_key(text), defaults={"text": clean_text(text)}
    )
    return attendu


def make_metier(
    *,
    name: str,
    onisep_id: str = "",
    onisep_url: str | None = None,
    rome_code: str = "",
    rome_label: str = "",
    domain_label: str = "",
) -> Metier:
    """An Idéo-Métiers job. By default it has an ONISEP URL; pass onisep_url="" for none."""
    onisep_id = onisep_id or f"MET.{_next()}"
    if onisep_url is None:
        onisep_url = f"https://www.onisep.fr/http/redirection/metier/slug/{onisep_id}"
    return Metier.objects.create(
        name=name,
        name_key=fold(name),
        onisep_id=onisep_id,
        onisep_url=onisep_url,
        rome_code=rome_code,
        rome_label=rome_label,
        domain_label=domain_label,
    )


AttenduSpec = str | Attendu | tuple[str, "str | Attendu"]
MetierSpec = str | Metier | tuple[str, Metier | None]


def make_programme(
    *,
    name: str = "",
    sigle: str = "",
    kind: str = Programme.Kind.BTS,
    slug: str = "",
    code_scolarite: str = "",
    published: bool = True,
    attendus: Sequence[AttenduSpec] = (),
    metiers: Sequence[MetierSpec] = (),
    domains: Iterable[Domain | str] = (),
    bac_codes: Iterable[str] = (),
    imported: bool = False,
    **fields,
) -> Programme:
    """A programme with its attendus, métiers, domains and bac tracks, search text computed.

    - attendus: texts or Attendu rows, in fiche order; a `(group, text_or_attendu)` pair puts
      the attendu under that sub-heading (e.g. `("Intérêts", "Aimer le contact")`).
    - metiers: a name (not linked to Idéo-Métiers), a Metier (linked, cited by its name) or a
      `(name as cited, Metier or None)` pair.
    - domains: Domain rows or ONISEP-style names "parent/child" (or a top-level "parent").
    - bac_codes: BacTrack codes such as "stmg", "pro", "general".
    - imported: fill the import metadata as the ONISEP importer would.
    - any other model field (duration, description, access, rncp_code…) as keyword.
    """
    n = _next()
    name = name or f"BTS exemple {n}"
    values = {
        "duration": "2 ans",
        "certification_level": "niveau 5",
        "kind_label": (
            "brevet de technicien supérieur agricole (BTSA)"
            if kind == Programme.Kind.BTSA
            else "brevet de technicien supérieur (BTS)"
        ),
        **fields,
    }
    if imported:
        values.setdefault("import_source", "fiches-bts-2025-10-21/exemple.md")
        values.setdefault("imported_at", timezone.now())
        values.setdefault("imported_values", {"name": name, "sigle": sigle})
    programme = Programme.objects.create(
        name=name,
        sigle=sigle,
        kind=kind,
        slug=slug or f"{slugify(name)[:100]}-{n}",
        code_scolarite=code_scolarite or f"{32000000 + n}",
        published=published,
        **values,
    )
    for position, spec in enumerate(attendus, start=1):
        group, item = spec if isinstance(spec, tuple) else ("", spec)
        attendu = item if isinstance(item, Attendu) else make_attendu(text=item)
        ProgrammeAttendu.objects.create(
            programme=programme, attendu=attendu, position=position, group=group
        )
    for position, spec in enumerate(metiers, start=1):
        if isinstance(spec, tuple):
            cited, metier = spec
        elif isinstance(spec, Metier):
            cited, metier = spec.name, spec
        else:
            cited, metier = spec, None
        ProgrammeMetier.objects.create(
            programme=programme, position=position, name=cited, metier=metier
        )
    programme.domains.set([_domain(d) for d in domains])
    programme.bac_tracks.set([make_bac_track(code=code) for code in bac_codes])
    programme.refresh_search_text()
    return programme


def give_fields(programme, *slugs: str) -> None:
    """Set a programme's interest profile (its main fields, in order), as staff would."""
    from orientation.interests import load_interest_bank
    from orientation.models import InterestArea, ProgrammeInterest

    bank = load_interest_bank()
    for slug in slugs:
        data = bank.areas[slug]
        area, _created = InterestArea.objects.get_or_create(
            slug=slug,
            defaults={
                "theme": data.theme,
                "label": data.label,
                "statement": data.statement,
                "example": data.example,
                "position": data.position,
            },
        )
        ProgrammeInterest.objects.update_or_create(
            programme=programme,
            area=area,
            defaults={"position": slugs.index(slug) + 1, "source": ProgrammeInterest.Source.STAFF},
        )
