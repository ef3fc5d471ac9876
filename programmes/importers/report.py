"""The outcome of an import run, and its French wording."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programmes.importers.batch import Failure, Skipped
from programmes.models import Programme


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Conflict:
    """A field edited by staff that ONISEP changed too: the staff value was kept.

    current and incoming are the staff's value and ONISEP's, JSON-ready as
    `Programme.imported_values` holds them (attendus as [text, group] pairs), recorded with the
    run for the staff's decision (programmes.importers.runs)."""

    label: str
    code: str
    field: str
    current: Any = None
    incoming: Any = None

    def message(self) -> str:
        return _(
            "%(label)s : conflit sur « %(field)s » (formation %(code)s) : modifié par la "
            "rédaction et changé par ONISEP ; la valeur de la rédaction est conservée"
        ) % {"label": self.label, "field": field_label(self.field), "code": self.code}


@dataclass(frozen=True)
class DroppedLink:
    """A link of a source that failed the link policy (links.py): stored empty instead."""

    label: str
    field: str
    url: str
    reason: str

    def message(self) -> str:
        return _("%(label)s : lien « %(field)s » écarté : %(reason)s (%(url)s)") % {
            "label": self.label,
            "field": field_label(self.field),
            "reason": self.reason,
            "url": shown_url(self.url),
        }


def shown_url(url: str, *, limit: int = 200) -> str:
    """A hostile URL as it may be printed: control characters (terminal escapes) replaced, cut
    after limit characters."""
    text = "".join(c if c.isprintable() else "?" for c in url)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class ProgrammeResult:
    code: str
    name: str
    status: Status
    labels: tuple[str, ...]
    changed: tuple[str, ...] = ()

    def message(self) -> str:
        sources = " + ".join(self.labels)
        if self.status is Status.CREATED:
            return _("créée : %(name)s (%(code)s) ← %(sources)s") % self._values(sources)
        if self.status is Status.UPDATED:
            values = self._values(sources)
            values["fields"] = ", ".join(field_label(f) for f in self.changed)
            return _("mise à jour : %(name)s (%(code)s) : %(fields)s ← %(sources)s") % values
        return _("inchangée : %(name)s (%(code)s)") % self._values(sources)

    def _values(self, sources: str) -> dict[str, str]:
        return {"name": self.name, "code": self.code, "sources": sources}


@dataclass
class MetierStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    dry_run: bool = False
    files: int = 0
    programmes: list[ProgrammeResult] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    dropped_links: list[DroppedLink] = field(default_factory=list)
    metiers: MetierStats | None = None
    # Métiers associés of the fiches of this run linked to an Idéo-Métiers entry, and not.
    metiers_linked: int = 0
    metiers_unlinked: int = 0
    # Métiers associés of programmes not in this run, linked after loading Idéo-Métiers.
    metiers_relinked: int = 0
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for p in self.programmes if p.status is status)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        prefix = _("Simulation (rien n'est enregistré)") if self.dry_run else _("Import terminé")
        summary = _(
            "%(prefix)s : %(created)d créée(s), %(updated)d mise(s) à jour, %(unchanged)d "
            "inchangée(s), %(conflicts)d conflit(s), %(skipped)d ignorée(s), %(failed)d en échec."
        ) % {
            "prefix": prefix,
            "created": self.count(Status.CREATED),
            "updated": self.count(Status.UPDATED),
            "unchanged": self.count(Status.UNCHANGED),
            "conflicts": len(self.conflicts),
            "skipped": len(self.skipped),
            "failed": len(self.failures),
        }
        if self.dropped_links:
            # Said even at verbosity 0: a link dropped from ONISEP data is worth a look.
            summary += " " + ngettext(
                "%(count)d lien écarté : seuls les liens http(s) vers les sites autorisés sont "
                "conservés.",
                "%(count)d liens écartés : seuls les liens http(s) vers les sites autorisés sont "
                "conservés.",
                len(self.dropped_links),
            ) % {"count": len(self.dropped_links)}
        return summary

    def metiers_summary(self) -> str | None:
        parts = []
        if self.metiers is not None:
            parts.append(
                _(
                    "Idéo-Métiers : %(created)d créé(s), %(updated)d mis à jour, "
                    "%(unchanged)d inchangé(s)."
                )
                % {
                    "created": self.metiers.created,
                    "updated": self.metiers.updated,
                    "unchanged": self.metiers.unchanged,
                }
            )
        total = self.metiers_linked + self.metiers_unlinked
        if total:
            parts.append(
                ngettext(
                    "Métiers associés : %(linked)d sur %(total)d relié à une fiche Idéo-Métiers.",
                    "Métiers associés : %(linked)d sur %(total)d reliés à une fiche Idéo-Métiers.",
                    self.metiers_linked,
                )
                % {"linked": self.metiers_linked, "total": total}
            )
        if self.metiers_relinked:
            parts.append(
                ngettext(
                    "%(count)d métier associé d'autres formations relié à Idéo-Métiers.",
                    "%(count)d métiers associés d'autres formations reliés à Idéo-Métiers.",
                    self.metiers_relinked,
                )
                % {"count": self.metiers_relinked}
            )
        return " ".join(parts) or None


_FIELD_LABELS = {
    "attendus": gettext_lazy("attendus"),
    "metiers": gettext_lazy("métiers associés"),
    "domains": gettext_lazy("domaines"),
    "bac_tracks": gettext_lazy("bacs d'accès"),
}


def field_label(name: str) -> str:
    """French name of a Programme field, for messages."""
    if name in _FIELD_LABELS:
        return str(_FIELD_LABELS[name])
    try:
        return str(Programme._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
