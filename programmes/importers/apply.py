"""Write parsed records to the catalogue, keeping what the staff edited.

Staff-edit rule
---------------
``Programme.imported_values`` holds, field by field, the last value the import wrote or
accepted (also for the ordered attendus, the ordered métiers associés, the domains and the bac
tracks). On each import, for each field the sources give:

* current value = incoming ONISEP value: nothing to write (the record is brought up to date);
* current value = last imported value: nobody touched it, the ONISEP value is written;
* current value ≠ last imported value: the staff edited it, their value is kept; if ONISEP also
  changed the field (incoming ≠ last imported), the import reports a conflict (file, field) once,
  and records the new ONISEP value as the last imported one, so the same conflict is not reported
  again on the next run with the same data. To take the ONISEP value, the staff put it back by
  hand (or empty the field, see below), or decide on the conflict in the admin (« Imports
  ONISEP », see runs.py): ``take_onisep_value`` writes it through this module's writer and
  records it as imported; ``keep_staff_value`` records it as imported and leaves the staff's;
* no last imported value (a programme created by hand, or a field the sources never gave): an
  empty field is filled; a filled one is the staff's, kept, and reported as a conflict if it
  differs.

Attendus compare on their normalised key (``attendu_key``), so a shared attendu spelled with
another apostrophe is not an edit. A programme with nothing to change gets no write at all
("unchanged"). Fields the run does not provide (e.g. RNCP code when no formations-initiales file
is given) are left alone.

Other rules: a programme is matched on its code scolarité and created only from a fiche (a
formations-initiales record alone completes an existing programme, or is skipped); the slug comes
from the name, unique, and never changes once set; ``import_source`` (file names) and
``imported_at`` change only when the programme changes; bac tracks come from ``parse_access``;
the métiers associés link to Idéo-Métiers with ``MetierIndex`` (see metiers.py).
Every URL written (``link_url``, ``onisep_url``, ``Metier.onisep_url``) passes the one link
policy of links.py, whatever the importer that read it: a link failing it is written empty and
reported as a ``DroppedLink``.
Each programme is written in its own savepoint: a write error loses that programme only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programmes.bac_tracks import BAC_TRACKS
from programmes.importers.access import parse_access
from programmes.importers.batch import Failure, MetiersSource, ProgrammeRecord, Skipped
from programmes.importers.links import link_refusal
from programmes.importers.metiers import MetierIndex, build_metier_index, metier_key
from programmes.importers.records import DomainPath, FicheData, FormationData
from programmes.importers.report import (
    Conflict,
    DroppedLink,
    ImportReport,
    MetierStats,
    ProgrammeResult,
    Status,
    field_label,
)
from programmes.models import (
    Attendu,
    BacTrack,
    Domain,
    Metier,
    Programme,
    ProgrammeAttendu,
    ProgrammeMetier,
)
from programmes.text import attendu_key, normalise_newlines

SCALAR_FIELDS = (
    "name",
    "sigle",
    "kind",
    "kind_label",
    "duration",
    "certification_level",
    "link_url",
    "description",
    "access",
    "further_studies",
    "rncp_code",
    "nsf_code",
    "onisep_id",
    "onisep_url",
)
LIST_FIELDS = ("attendus", "metiers", "domains", "bac_tracks")
FORMATION_FIELDS = ("rncp_code", "nsf_code", "onisep_url", "onisep_id", "domains")
# Scalars a fiche gives when it has them (a missing sigle is left to the formations record),
# and the fiche's own scalars: every other one but those only a formations record gives.
FICHE_OPTIONAL_FIELDS = ("sigle", "onisep_id", "onisep_url", "nsf_code")
FICHE_FIELDS = tuple(
    name
    for name in SCALAR_FIELDS
    if name not in FICHE_OPTIONAL_FIELDS and name not in ("rncp_code",)
)
SEARCH_FIELDS = frozenset({"name", "sigle", "metiers", "domains"})
METIER_FIELDS = ("name", "name_key", "onisep_url", "rome_code", "rome_label", "domain_label")
# Fields of the parsed records holding a URL rendered as a link (see links.py).
URL_FIELDS = ("link_url", "onisep_url")
_TRACK_ORDER = {code: position for position, (code, _label, _family) in enumerate(BAC_TRACKS)}
_CHUNK = 500


class InvalidRecord(Exception):
    """A record that would not fit the database (French message)."""


# --- Prefetched state ---------------------------------------------------------------------


@dataclass
class Catalogue:
    """What the database holds for a run, read in a few queries before writing."""

    programmes: dict[str, Programme] = field(default_factory=dict)
    # Programme pk → current value of each list field, in canonical form.
    current: dict[int, dict[str, list[Any]]] = field(default_factory=dict)
    attendu_ids: dict[str, int] = field(default_factory=dict)
    domain_ids: dict[tuple[int | None, str], int] = field(default_factory=dict)
    domain_slugs: set[str] = field(default_factory=set)
    bac_track_ids: dict[str, int] = field(default_factory=dict)
    programme_slugs: set[str] = field(default_factory=set)
    metier_index: MetierIndex = field(default_factory=MetierIndex)


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def load_catalogue(*, codes: Iterable[str], attendu_keys: Iterable[str]) -> Catalogue:
    """Programmes of the given codes with their attendus, métiers, domains and bac tracks, the
    attendus of the given keys, and every domain, bac track, slug and métier."""
    cat = Catalogue()
    codes = sorted(set(codes))
    for chunk in _chunks(codes):
        for programme in Programme.objects.filter(code_scolarite__in=chunk):
            cat.programmes[programme.code_scolarite] = programme
            cat.current[programme.pk] = {name: [] for name in LIST_FIELDS}
    pks = sorted(cat.current)
    domain_labels: dict[int, str] = {}
    for pk, name, parent_id, parent_name, slug in Domain.objects.values_list(
        "pk", "name", "parent_id", "parent__name", "slug"
    ):
        cat.domain_ids[(parent_id, name)] = pk
        cat.domain_slugs.add(slug)
        domain_labels[pk] = f"{parent_name}/{name}" if parent_id else name
    for chunk in _chunks(pks):
        rows = (
            ProgrammeAttendu.objects.filter(programme_id__in=chunk)
            .order_by("programme_id", "position")
            .values_list("programme_id", "attendu__text_key", "group")
        )
        for pk, key, group in rows:
            cat.current[pk]["attendus"].append([key, group])
        rows = (
            ProgrammeMetier.objects.filter(programme_id__in=chunk)
            .order_by("programme_id", "position")
            .values_list("programme_id", "name", "metier__onisep_id")
        )
        for pk, name, onisep_id in rows:
            cat.current[pk]["metiers"].append([name, onisep_id or ""])
        through = Programme.domains.through.objects.filter(programme_id__in=chunk)
        for pk, domain_id in through.values_list("programme_id", "domain_id"):
            cat.current[pk]["domains"].append(domain_labels[domain_id])
        through = Programme.bac_tracks.through.objects.filter(programme_id__in=chunk)
        for pk, code in through.values_list("programme_id", "bactrack__code"):
            cat.current[pk]["bac_tracks"].append(code)
    for values in cat.current.values():
        values["domains"].sort()
        values["bac_tracks"].sort(key=_track_position)
    keys = sorted(set(attendu_keys))
    for chunk in _chunks(keys):
        cat.attendu_ids.update(
            Attendu.objects.filter(text_key__in=chunk).values_list("text_key", "pk")
        )
    cat.bac_track_ids = dict(BacTrack.objects.values_list("code", "pk"))
    cat.programme_slugs = set(Programme.objects.values_list("slug", flat=True))
    cat.metier_index = build_metier_index(
        rows=Metier.objects.values_list("pk", "name", "onisep_id").order_by("pk")
    )
    return cat


def _track_position(code: str) -> tuple[int, str]:
    return (_TRACK_ORDER.get(code, len(_TRACK_ORDER)), code)


# --- What the sources say -------------------------------------------------------------------


@dataclass
class Wanted:
    """Incoming value of each field the record provides (canonical, JSON-ready), and which file
    provided it."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    # Links of the record that failed the link policy (written empty).
    dropped: list[DroppedLink] = field(default_factory=list)

    def set(self, name: str, value: Any, source: str) -> None:
        self.values[name] = value
        self.sources[name] = source


def wanted_values(*, record: ProgrammeRecord, index: MetierIndex) -> Wanted:
    """The incoming values of a record: the fiche's, completed by the formations record."""
    wanted = Wanted()
    fiche, formation = record.fiche, record.formation
    if fiche is not None:
        fiche = _allowed_links(fiche, wanted.dropped)
    if formation is not None:
        formation = _allowed_links(formation, wanted.dropped)
    if fiche is not None:
        _fiche_values(wanted, fiche, index)
    if formation is not None:
        for name in FORMATION_FIELDS:
            if name == "domains":
                labels = sorted({_domain_label(d) for d in formation.domains})
                wanted.set(name, labels, formation.source)
                continue
            value = getattr(formation, name)
            if value or name not in wanted.values:
                wanted.set(name, value, formation.source)
        if "sigle" not in wanted.values and (formation.sigle or fiche is not None):
            # The fiche has no sigle: the formations record's (or none, both sources agreeing).
            wanted.set("sigle", formation.sigle, formation.source)
    return wanted


_Record = TypeVar("_Record", FicheData, FormationData)


def _allowed_links(data: _Record, dropped: list[DroppedLink]) -> _Record:
    """data with every URL that fails the link policy emptied, and recorded in dropped.

    Emptied before the fiche/formations precedence below, so a fiche's refused ONISEP URL leaves
    room for the formations record's."""
    emptied: dict[str, str] = {}
    for name in URL_FIELDS:
        url = getattr(data, name, "")
        reason = link_refusal(url=url) if url else None
        if reason is not None:
            dropped.append(DroppedLink(data.source, name, url, reason))
            emptied[name] = ""
    return replace(data, **emptied) if emptied else data


def _fiche_values(wanted: Wanted, fiche: FicheData, index: MetierIndex) -> None:
    for name in FICHE_FIELDS:
        wanted.set(name, getattr(fiche, name), fiche.source)
    for name in FICHE_OPTIONAL_FIELDS:
        if getattr(fiche, name):
            wanted.set(name, getattr(fiche, name), fiche.source)
    wanted.set("attendus", [[a.text, a.group] for a in fiche.attendus], fiche.source)
    metiers = []
    for item in fiche.metiers:
        pk = index.find(name=item.name, onisep_id=item.onisep_id)
        metiers.append([item.name, index.onisep_ids[pk] if pk is not None else ""])
    wanted.set("metiers", metiers, fiche.source)
    tracks = sorted(parse_access(fiche.access), key=_track_position)
    wanted.set("bac_tracks", tracks, fiche.source)


def _domain_label(domain: DomainPath) -> str:
    return f"{domain.parent}/{domain.child}" if domain.child else domain.parent


def comparable(name: str, value: Any) -> Any:
    """The form in which two values of a field are compared: attendus on their key, texts with
    their lines ending in LF (a text saved from a browser ends them in CR LF: not an edit)."""
    if name == "attendus":
        return [[attendu_key(text), group] for text, group in value]
    if isinstance(value, str):
        return normalise_newlines(value)
    return value


def _is_empty(value: Any) -> bool:
    return value in ("", [], None)


# --- Applying one programme -----------------------------------------------------------------


@dataclass
class _Plan:
    changes: dict[str, Any] = field(default_factory=dict)
    baseline: dict[str, Any] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)


def plan_update(
    *, wanted: dict[str, Any], current: dict[str, Any], imported: dict[str, Any]
) -> _Plan:
    """Apply the staff-edit rule (module docstring) field by field."""
    plan = _Plan()
    for name, new in wanted.items():
        new_c, cur_c = comparable(name, new), comparable(name, current[name])
        has_base = name in imported
        base_c = comparable(name, imported[name]) if has_base else None
        if cur_c == new_c:
            if not has_base or base_c != new_c:
                plan.baseline[name] = new
        elif (has_base and cur_c == base_c) or (not has_base and _is_empty(cur_c)):
            plan.changes[name] = new
            plan.baseline[name] = new
        elif not has_base or base_c != new_c:
            plan.conflicts.append(name)
            plan.baseline[name] = new
    return plan


class _Writer:
    """Writes one run's records, sharing the prefetched Catalogue."""

    def __init__(self, *, catalogue: Catalogue, now: datetime.datetime, report: ImportReport):
        self.cat = catalogue
        self.now = now
        self.report = report

    # Entry point for one record.
    def apply(self, record: ProgrammeRecord) -> None:
        wanted = wanted_values(record=record, index=self.cat.metier_index)
        programme = self.cat.programmes.get(record.code)
        if programme is None and record.fiche is None:
            self.report.skipped.append(
                Skipped(
                    record.labels[0],
                    _("aucune fiche pour le code scolarité %(code)s, ni dans cet import ni en base")
                    % {"code": record.code},
                )
            )
            return
        self.report.dropped_links.extend(wanted.dropped)
        if record.fiche is not None:
            for _name, onisep_id in wanted.values["metiers"]:
                if onisep_id:
                    self.report.metiers_linked += 1
                else:
                    self.report.metiers_unlinked += 1
        try:
            _check_lengths(wanted.values)
            with transaction.atomic():
                pending = _Pending()
                if programme is None:
                    result = self._create(record, wanted, pending)
                else:
                    result = self._update(record, programme, wanted, pending)
        except (InvalidRecord, DatabaseError) as exc:
            message = (
                str(exc)
                if isinstance(exc, InvalidRecord)
                else _("écriture impossible en base : %(error)s") % {"error": exc}
            )
            self.report.failures.append(Failure(" + ".join(record.labels), message))
            return
        pending.commit(self.cat)
        self.report.programmes.append(result)

    def _create(
        self, record: ProgrammeRecord, wanted: Wanted, pending: _Pending
    ) -> ProgrammeResult:
        values = wanted.values
        programme = Programme(
            code_scolarite=record.code,
            slug=unique_slug(name=values["name"], taken=self.cat.programme_slugs, max_length=120),
            import_source=_import_source(record),
            imported_at=self.now,
            imported_values=values,
            **{name: values[name] for name in SCALAR_FIELDS if name in values},
        )
        programme.save()
        self._write_lists(programme, values, pending, fresh=True)
        programme.refresh_search_text()
        pending.programme = (record.code, programme)
        return ProgrammeResult(record.code, programme.name, Status.CREATED, record.labels)

    def _update(
        self, record: ProgrammeRecord, programme: Programme, wanted: Wanted, pending: _Pending
    ) -> ProgrammeResult:
        current = self.current_values(programme)
        imported = imported_values(programme)
        plan = plan_update(wanted=wanted.values, current=current, imported=imported)
        for name in plan.conflicts:
            self.report.conflicts.append(
                Conflict(
                    wanted.sources[name],
                    record.code,
                    name,
                    current=_staff_value(programme, name, current[name]),
                    incoming=wanted.values[name],
                )
            )
        name = programme.name
        if not plan.changes:
            if plan.baseline:
                programme.imported_values = {**imported, **plan.baseline}
                Programme.objects.filter(pk=programme.pk).update(
                    imported_values=programme.imported_values
                )
            return ProgrammeResult(record.code, name, Status.UNCHANGED, record.labels)
        self.write_plan(programme, plan, imported, pending, source=_import_source(record))
        changed = tuple(n for n in (*SCALAR_FIELDS, *LIST_FIELDS) if n in plan.changes)
        return ProgrammeResult(record.code, programme.name, Status.UPDATED, record.labels, changed)

    def current_values(self, programme: Programme) -> dict[str, Any]:
        """Every field the import writes, as the programme holds it (lists in canonical form)."""
        current = {name: getattr(programme, name) for name in SCALAR_FIELDS}
        current.update(self.cat.current[programme.pk])
        return current

    def write_plan(
        self,
        programme: Programme,
        plan: _Plan,
        imported: dict[str, Any],
        pending: _Pending,
        *,
        source: str | None,
    ) -> None:
        """Write the plan's changes and record its baseline as the last imported values.

        source: the file names of the import (None when the staff take one ONISEP value after
        the fact: the programme's import source and date then stay those of its last import)."""
        scalars = [n for n in SCALAR_FIELDS if n in plan.changes]
        for field_name in scalars:
            setattr(programme, field_name, plan.changes[field_name])
        update_fields = [*scalars, "imported_values", "updated_at"]
        if source is not None:
            programme.import_source = source
            programme.imported_at = self.now
            update_fields += ["import_source", "imported_at"]
        programme.imported_values = {**imported, **plan.baseline}
        programme.save(update_fields=update_fields)
        lists = {n: v for n, v in plan.changes.items() if n in LIST_FIELDS}
        self._write_lists(programme, lists, pending)
        if SEARCH_FIELDS.intersection(plan.changes):
            programme.refresh_search_text()
        pending.current = (programme.pk, lists)

    # List fields.
    def _write_lists(
        self, programme: Programme, values: dict[str, Any], pending: _Pending, fresh: bool = False
    ) -> None:
        if "attendus" in values:
            if not fresh:
                ProgrammeAttendu.objects.filter(programme=programme).delete()
            self._write_attendus(programme, values["attendus"], pending)
        if "metiers" in values:
            if not fresh:
                ProgrammeMetier.objects.filter(programme=programme).delete()
            ProgrammeMetier.objects.bulk_create(
                ProgrammeMetier(
                    programme=programme,
                    position=position,
                    name=name,
                    metier_id=self.cat.metier_index.by_onisep_id.get(onisep_id),
                )
                for position, (name, onisep_id) in enumerate(values["metiers"], start=1)
            )
        if "domains" in values:
            programme.domains.set([self._domain_id(label, pending) for label in values["domains"]])
        if "bac_tracks" in values:
            programme.bac_tracks.set(
                [
                    self.cat.bac_track_ids[c]
                    for c in values["bac_tracks"]
                    if c in self.cat.bac_track_ids
                ]
            )

    def _write_attendus(
        self, programme: Programme, attendus: list[list[str]], pending: _Pending
    ) -> None:
        keys = [attendu_key(text) for text, _group in attendus]
        missing: dict[str, str] = {}
        for key, (text, _group) in zip(keys, attendus, strict=True):
            if key not in self.cat.attendu_ids and key not in pending.attendu_ids:
                missing.setdefault(key, text)
        if missing:
            created = Attendu.objects.bulk_create(
                Attendu(text=text, text_key=key) for key, text in missing.items()
            )
            for attendu in created:
                if attendu.pk is None:  # backends that do not return ids
                    attendu.pk = Attendu.objects.get(text_key=attendu.text_key).pk
                pending.attendu_ids[attendu.text_key] = attendu.pk
        ProgrammeAttendu.objects.bulk_create(
            ProgrammeAttendu(
                programme=programme,
                attendu_id=self.cat.attendu_ids.get(key) or pending.attendu_ids[key],
                position=position,
                group=group,
            )
            for position, (key, (_text, group)) in enumerate(zip(keys, attendus, strict=True), 1)
        )

    def _domain_id(self, label: str, pending: _Pending) -> int:
        parent_name, _sep, child_name = label.partition("/")
        parent_id = self._domain(None, parent_name, None, pending)
        if not child_name:
            return parent_id
        return self._domain(parent_id, child_name, parent_name, pending)

    def _domain(
        self, parent_id: int | None, name: str, parent_name: str | None, pending: _Pending
    ) -> int:
        key = (parent_id, name)
        known = self.cat.domain_ids.get(key) or pending.domain_ids.get(key)
        if known:
            return known
        taken = self.cat.domain_slugs | pending.domain_slugs
        slug = slug_base(name=name, max_length=180) or "domaine"
        if parent_name is not None and slug in taken:
            slug = slug_base(name=f"{parent_name} {name}", max_length=180)
        slug = unique_slug(name=slug, taken=taken, max_length=180)
        pending.domain_slugs.add(slug)
        domain = Domain.objects.create(name=name, parent_id=parent_id, slug=slug)
        pending.domain_ids[key] = domain.pk
        return domain.pk


@dataclass
class _Pending:
    """Cache entries made inside a savepoint, kept only if the savepoint commits."""

    attendu_ids: dict[str, int] = field(default_factory=dict)
    domain_ids: dict[tuple[int | None, str], int] = field(default_factory=dict)
    domain_slugs: set[str] = field(default_factory=set)
    programme: tuple[str, Programme] | None = None
    current: tuple[int, dict[str, Any]] | None = None

    def commit(self, cat: Catalogue) -> None:
        cat.attendu_ids.update(self.attendu_ids)
        cat.domain_ids.update(self.domain_ids)
        cat.domain_slugs |= self.domain_slugs
        if self.programme is not None:
            code, programme = self.programme
            cat.programmes[code] = programme
            cat.current[programme.pk] = {
                name: comparable(name, programme.imported_values.get(name, []))
                for name in LIST_FIELDS
            }
        if self.current is not None:
            pk, lists = self.current
            cat.current[pk].update({name: comparable(name, value) for name, value in lists.items()})


def imported_values(programme: Programme) -> dict[str, Any]:
    """The programme's last imported values (an empty dict if the column holds anything else)."""
    values = programme.imported_values
    return dict(values) if isinstance(values, dict) else {}


def _staff_value(programme: Programme, name: str, value: Any) -> Any:
    """The staff's value of a field as a conflict records it: attendus with their texts (the
    catalogue's canonical form holds their normalised keys)."""
    if name != "attendus":
        return value
    rows = (
        ProgrammeAttendu.objects.filter(programme=programme)
        .order_by("position")
        .values_list("attendu__text", "group")
    )
    return [[text, group] for text, group in rows]


def slug_base(*, name: str, max_length: int) -> str:
    """ "BTS métiers de l'audiovisuel" → "bts-metiers-de-l-audiovisuel", cut between words."""
    base = slugify(name.replace("'", " ").replace("’", " "))
    if len(base) > max_length:
        base = base[:max_length].rsplit("-", 1)[0] or base[:max_length]
    return base


def unique_slug(*, name: str, taken: set[str], max_length: int) -> str:
    """A slug from name, not in taken (then added to it): "-2", "-3"… on collision."""
    base = slug_base(name=name, max_length=max_length) or "formation"
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    taken.add(slug)
    return slug


def _import_source(record: ProgrammeRecord) -> str:
    source = " + ".join(record.names)
    limit = Programme._meta.get_field("import_source").max_length or 300
    return source if len(source) <= limit else source[: limit - 1] + "…"


def _check_lengths(values: dict[str, Any]) -> None:
    """Refuse values longer than their column (SQLite would store them, PostgreSQL not)."""
    limits: list[tuple[str, int, str]] = []
    for name in SCALAR_FIELDS:
        if name in values:
            limit = Programme._meta.get_field(name).max_length
            if limit:
                limits.append((name, limit, values[name]))
    for name, _onisep_id in values.get("metiers", []):
        limits.append(("metiers", ProgrammeMetier._meta.get_field("name").max_length, name))
    for text, _group in values.get("attendus", []):
        limits.append(
            ("attendus", Attendu._meta.get_field("text_key").max_length, attendu_key(text))
        )
    for label in values.get("domains", []):
        for part in label.split("/", 1):
            limits.append(("domains", Domain._meta.get_field("name").max_length, part))
    for name, limit, value in limits:
        if len(value) > limit:
            raise InvalidRecord(
                _(
                    "valeur trop longue pour « %(field)s » "
                    "(%(length)d caractères, %(limit)d au plus)"
                )
                % {"field": field_label(name), "length": len(value), "limit": limit}
            )


# --- A run ----------------------------------------------------------------------------------


def apply_metiers(*, source: MetiersSource, report: ImportReport) -> None:
    """Upsert Idéo-Métiers entries on their ONISEP id, in one savepoint for the file."""
    stats = report.metiers or MetierStats()
    existing = {m.onisep_id: m for m in Metier.objects.all()}
    to_create: list[Metier] = []
    to_update: list[Metier] = []
    dropped: list[DroppedLink] = []
    unchanged = 0
    for data in source.metiers:
        onisep_url = data.onisep_url
        reason = link_refusal(url=onisep_url) if onisep_url else None
        if reason is not None:
            label = f"{source.label} ({data.onisep_id})"
            dropped.append(DroppedLink(label, "onisep_url", onisep_url, reason))
            onisep_url = ""
        values = {
            "name": data.name,
            "name_key": metier_key(name=data.name),
            "onisep_url": onisep_url,
            "rome_code": data.rome_code,
            "rome_label": data.rome_label,
            "domain_label": data.domain_label,
        }
        for name, value in values.items():
            limit = Metier._meta.get_field(name).max_length
            if limit and len(value) > limit:
                report.failures.append(
                    Failure(
                        source.label,
                        _("métier %(id)s : « %(field)s » trop long (%(limit)d caractères au plus)")
                        % {"id": data.onisep_id, "field": name, "limit": limit},
                    )
                )
                return
        metier = existing.get(data.onisep_id)
        if metier is None:
            to_create.append(Metier(onisep_id=data.onisep_id, **values))
        elif any(getattr(metier, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(metier, name, value)
            to_update.append(metier)
        else:
            unchanged += 1
    try:
        with transaction.atomic():
            Metier.objects.bulk_create(to_create, batch_size=_CHUNK)
            Metier.objects.bulk_update(to_update, METIER_FIELDS, batch_size=_CHUNK)
    except DatabaseError as exc:
        report.failures.append(
            Failure(source.label, _("écriture impossible en base : %(error)s") % {"error": exc})
        )
        return
    stats.created += len(to_create)
    stats.updated += len(to_update)
    stats.unchanged += unchanged
    report.metiers = stats
    # Only once the file is written: a failed file is reported as such, not link by link.
    report.dropped_links.extend(dropped)


def apply_records(
    *, records: list[ProgrammeRecord], now: datetime.datetime, report: ImportReport
) -> set[int]:
    """Create or update the programmes of the records; returns the pks of the programmes seen."""
    keys = {
        attendu_key(item.text)
        for record in records
        if record.fiche is not None
        for item in record.fiche.attendus
    }
    catalogue = load_catalogue(codes=[r.code for r in records], attendu_keys=keys)
    writer = _Writer(catalogue=catalogue, now=now, report=report)
    for record in records:
        writer.apply(record)
    return {catalogue.programmes[r.code].pk for r in records if r.code in catalogue.programmes}


def relink_metiers(*, exclude: set[int], report: ImportReport) -> None:
    """After loading Idéo-Métiers, link the unlinked métiers associés of programmes outside
    this run, when their métiers list is still the imported one (not edited by the staff)."""
    index = build_metier_index(
        rows=Metier.objects.values_list("pk", "name", "onisep_id").order_by("pk")
    )
    unlinked = ProgrammeMetier.objects.filter(metier__isnull=True).exclude(programme_id__in=exclude)
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row_pk, programme_id, name in unlinked.values_list("pk", "programme_id", "name"):
        metier_pk = index.find(name=name)
        if metier_pk is not None:
            found[programme_id].append((row_pk, metier_pk))
    if not found:
        return
    programmes = Programme.objects.in_bulk(list(found))
    rows: dict[int, list[list[str]]] = defaultdict(list)
    for programme_id, name, onisep_id in (
        ProgrammeMetier.objects.filter(programme_id__in=list(found))
        .order_by("programme_id", "position")
        .values_list("programme_id", "name", "metier__onisep_id")
    ):
        rows[programme_id].append([name, onisep_id or ""])
    for programme_id, links in found.items():
        programme = programmes[programme_id]
        imported = programme.imported_values if isinstance(programme.imported_values, dict) else {}
        if imported.get("metiers") != rows[programme_id]:
            continue  # edited by the staff, or never imported: left alone
        linked = dict(links)
        with transaction.atomic():
            metier_rows = list(ProgrammeMetier.objects.filter(pk__in=list(linked)))
            for row in metier_rows:
                row.metier_id = linked[row.pk]
            ProgrammeMetier.objects.bulk_update(metier_rows, ["metier"])
            refreshed = (
                ProgrammeMetier.objects.filter(programme_id=programme_id)
                .order_by("position")
                .values_list("name", "metier__onisep_id")
            )
            imported["metiers"] = [[name, onisep_id or ""] for name, onisep_id in refreshed]
            Programme.objects.filter(pk=programme_id).update(imported_values=imported)
        report.metiers_relinked += len(metier_rows)


def apply_batch(
    *,
    records: list[ProgrammeRecord],
    metiers: list[MetiersSource],
    now: datetime.datetime,
    report: ImportReport,
) -> None:
    """Métiers first (fiches link to them), then programmes, then late links."""
    for source in metiers:
        apply_metiers(source=source, report=report)
    seen = apply_records(records=records, now=now, report=report)
    if metiers:
        relink_metiers(exclude=seen, report=report)


# --- The staff's decision on a conflict -----------------------------------------------------


def is_last_imported(*, programme: Programme, field: str, value: Any) -> bool:
    """Whether value is still what ONISEP last sent for the field (compared as the merge rule
    compares): a conflict about an older ONISEP value is no longer one to decide."""
    imported = imported_values(programme)
    return field in imported and comparable(field, imported[field]) == comparable(field, value)


def take_onisep_value(
    *, programme: Programme, field: str, value: Any, now: datetime.datetime
) -> bool:
    """Write ONISEP's value of one field as the import would have, had the staff not edited it:
    the field is set (through the import's own writer) and the value recorded as the last
    imported one, so the field follows ONISEP again. Returns whether the field changed.

    Raises InvalidRecord (French) for a field the import does not write or a value too long
    for its column. Call it inside a transaction (with the conflict row locked)."""
    if field not in SCALAR_FIELDS and field not in LIST_FIELDS:
        raise InvalidRecord(_("champ inconnu de l'import : %(field)s") % {"field": field})
    _check_lengths({field: value})
    keys = [attendu_key(text) for text, _group in value] if field == "attendus" else []
    catalogue = load_catalogue(codes=[programme.code_scolarite], attendu_keys=keys)
    fresh = catalogue.programmes.get(programme.code_scolarite)
    if fresh is None:
        raise InvalidRecord(_("la formation n'existe plus"))
    writer = _Writer(catalogue=catalogue, now=now, report=ImportReport())
    current = writer.current_values(fresh)
    plan = _Plan(baseline={field: value})
    if comparable(field, current[field]) != comparable(field, value):
        plan.changes[field] = value
    elif is_last_imported(programme=fresh, field=field, value=value):
        return False  # already ONISEP's value, recorded as such: no write, no history line
    writer.write_plan(fresh, plan, imported_values(fresh), _Pending(), source=None)
    return bool(plan.changes)


def keep_staff_value(*, programme: Programme, field: str, value: Any) -> bool:
    """Record ONISEP's value of one field as the last imported one without writing it: the
    staff's value stays, and the next import reports a conflict only if ONISEP changes the
    field again (the merge rule's "edited by staff" case). Returns whether anything was written
    (nothing when the import already recorded that value, the usual case)."""
    if is_last_imported(programme=programme, field=field, value=value):
        return False
    programme.imported_values = {**imported_values(programme), field: value}
    Programme.objects.filter(pk=programme.pk).update(imported_values=programme.imported_values)
    return True
