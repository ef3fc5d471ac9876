"""Import runs recorded in the database, and the staff's decisions on their conflicts.

Recording
---------
Every import goes through ``run.run_import`` (``manage.py import_programmes`` calls it; there is
no other entry point), which records it as an ``ImportRun``:

* ``start_run`` before anything is read. Outside the catalogue's transaction, so that when the
  import crashes its run is still there for ``fail_run`` to mark « échoué » with the error,
  while the catalogue changes roll back whole as before. (A caller already inside a transaction
  — a test — keeps the run in its own transaction: that is the caller's choice.)
* ``finish_run`` inside the catalogue's transaction: the counts and the conflicts are committed
  with the changes they describe, or not at all. A dry run records nothing (« rien n'est
  enregistré », its summary says).

Decisions
---------
A conflict is a field the staff edited that ONISEP changed too: the import kept the staff's value
and recorded ONISEP's as the last imported one (the merge rule of apply.py). ``resolve_conflict``
settles it, once:

* « Prendre la valeur ONISEP »: ``apply.take_onisep_value`` writes ONISEP's value with the
  import's own writer and records it as imported: the field is no longer « edited by staff »
  and follows ONISEP at the next imports.
* « Garder la nôtre »: ``apply.keep_staff_value`` makes sure ONISEP's value is the last imported
  one (the import already did); the staff's value stays, and the next import reports a conflict
  only if ONISEP changes the field again.

A conflict whose ONISEP value is no longer the last one ONISEP sent (a later import brought
another) is not decided: it is marked « remplacé », at the next import or when someone tries.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.importers.apply import (
    InvalidRecord,
    is_last_imported,
    keep_staff_value,
    take_onisep_value,
)
from programmes.importers.batch import SourceInfo
from programmes.importers.report import ImportReport, Status, field_label
from programmes.models import CatalogueVersion, ConflictState, ImportConflict, ImportRun, Programme

logger = logging.getLogger(__name__)

_CHUNK = 500


# --- Recording a run --------------------------------------------------------------------------


def _storable(text: str) -> str:
    """text as the database takes it anywhere (PostgreSQL refuses NUL and lone surrogates, which
    a hostile file name or an exception message may hold)."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() or c in "\n\t" else "?" for c in text)


def _sources(sources: Iterable[SourceInfo]) -> list[dict[str, object]]:
    return [{"name": _storable(s.label), "size": s.size, "sha256": s.sha256} for s in sources]


def start_run(*, command: str, launched_by: AbstractBaseUser | None = None) -> ImportRun:
    """A run « en cours », written at once."""
    return ImportRun.objects.create(
        launched_by=launched_by, command=command[:100], started_at=timezone.now()
    )


def _finished_at(run: ImportRun) -> datetime.datetime:
    # Never before the start, even if the clock stepped back meanwhile (a database constraint).
    return max(timezone.now(), run.started_at)


def finish_run(*, run: ImportRun, report: ImportReport, sources: Iterable[SourceInfo]) -> None:
    """The run's counts and conflicts, and the run « terminé ». Call it inside the catalogue's
    transaction."""
    now = _finished_at(run)
    codes = sorted({conflict.code for conflict in report.conflicts})
    pks: dict[str, int] = {}
    for start in range(0, len(codes), _CHUNK):
        pks.update(
            Programme.objects.filter(code_scolarite__in=codes[start : start + _CHUNK]).values_list(
                "code_scolarite", "pk"
            )
        )
    ImportConflict.objects.bulk_create(
        (
            ImportConflict(
                run=run,
                programme_id=pks[conflict.code],
                field=conflict.field,
                source=_storable(conflict.label),
                current_value=conflict.current,
                incoming_value=conflict.incoming,
            )
            for conflict in report.conflicts
            if conflict.code in pks
        ),
        batch_size=_CHUNK,
    )
    supersede_stale(run=run, now=now)
    run.sources = _sources(sources)
    run.created_count = report.count(Status.CREATED)
    run.updated_count = report.count(Status.UPDATED)
    run.unchanged_count = report.count(Status.UNCHANGED)
    run.conflict_count = len(report.conflicts)
    run.failed_count = len(report.failures)
    run.skipped_count = len(report.skipped)
    run.status = ImportRun.Status.DONE
    run.finished_at = now
    run.save()


def fail_run(*, run: ImportRun, error: BaseException, sources: Iterable[SourceInfo]) -> None:
    """The run « échoué » with its error. Never raises: the caller re-raises the import's own
    error, which matters more than this record (e.g. when the database itself is gone)."""
    message = str(error).strip() or type(error).__name__
    try:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED,
            error=_storable(f"{type(error).__name__} : {message}"),
            finished_at=_finished_at(run),
            sources=_sources(sources),
        )
    except DatabaseError:
        logger.exception("Import run %s: could not record its failure", run.pk)


def supersede_stale(*, run: ImportRun, now: datetime.datetime) -> int:
    """Mark « remplacé » the pending conflicts of earlier runs whose ONISEP value is no longer
    the last one ONISEP sent (this run brought another). Returns how many."""
    pending = (
        ImportConflict.objects.pending()
        .exclude(run=run)
        .select_related("programme")
        .only("pk", "field", "incoming_value", "programme", "programme__imported_values")
    )
    stale = [
        conflict.pk
        for conflict in pending
        if not is_last_imported(
            programme=conflict.programme, field=conflict.field, value=conflict.incoming_value
        )
    ]
    if not stale:
        return 0
    return ImportConflict.objects.filter(pk__in=stale).update(
        state=ConflictState.SUPERSEDED, decided_at=now
    )


# --- Deciding on a conflict ---------------------------------------------------------------------


class Decision(StrEnum):
    TAKE_ONISEP = "onisep"
    KEEP_OURS = "ours"

    @property
    def state(self) -> ConflictState:
        return ConflictState.TAKEN if self is Decision.TAKE_ONISEP else ConflictState.KEPT


class Outcome(StrEnum):
    DONE = "done"
    ALREADY_DECIDED = "already"
    SUPERSEDED = "superseded"
    MISSING = "missing"
    REFUSED = "refused"


@dataclass(frozen=True)
class Resolution:
    """What resolve_conflict did, said in French for the staff."""

    outcome: Outcome
    message: str
    conflict: ImportConflict | None = None
    changed: bool = False


def resolve_conflict(
    *,
    run_id: int,
    conflict_id: int,
    decision: Decision,
    user: AbstractBaseUser | None,
    now: datetime.datetime | None = None,
) -> Resolution:
    """Settle one pending conflict of a run, in one transaction: the decision and its write are
    saved together or not at all. Permissions are the caller's to check. Deciding again on a
    settled conflict changes nothing (a second click, another editor's earlier decision)."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so that two editors deciding at once are served one after the other.
        conflict = (
            ImportConflict.objects.select_for_update()
            .select_related("programme")
            .filter(pk=conflict_id, run_id=run_id)
            .first()
        )
        if conflict is None:
            return Resolution(
                Outcome.MISSING,
                _(
                    "Ce conflit n'existe pas dans cet import (la formation a peut-être été "
                    "supprimée depuis). Rien n'a été modifié."
                ),
            )
        names = {"field": field_label(conflict.field), "programme": conflict.programme.name}
        if conflict.state != ConflictState.PENDING:
            return Resolution(
                Outcome.ALREADY_DECIDED,
                _(
                    "Le conflit sur « %(field)s » (%(programme)s) est déjà réglé : %(state)s. "
                    "Rien n'a été modifié."
                )
                % {**names, "state": conflict.get_state_display()},
                conflict,
            )
        if not is_last_imported(
            programme=conflict.programme, field=conflict.field, value=conflict.incoming_value
        ):
            _decide(conflict, ConflictState.SUPERSEDED, user=None, now=now)
            return Resolution(
                Outcome.SUPERSEDED,
                _(
                    "ONISEP a envoyé une autre valeur de « %(field)s » (%(programme)s) depuis cet "
                    "import : ce conflit est remplacé par le plus récent. Rien n'a été modifié."
                )
                % names,
                conflict,
            )
        changed = False
        if decision is Decision.TAKE_ONISEP:
            try:
                # A savepoint: a write refused half-way leaves nothing behind.
                with transaction.atomic():
                    changed = take_onisep_value(
                        programme=conflict.programme,
                        field=conflict.field,
                        value=conflict.incoming_value,
                        now=now,
                    )
                    # Lists are written in bulk, which sends no signal.
                    CatalogueVersion.bump()
            except (InvalidRecord, DatabaseError) as exc:
                return Resolution(
                    Outcome.REFUSED,
                    _(
                        "La valeur ONISEP de « %(field)s » (%(programme)s) n'a pas pu être "
                        "reprise : %(error)s. Rien n'a été modifié."
                    )
                    % {**names, "error": exc},
                    conflict,
                )
            message = _("Valeur ONISEP reprise pour « %(field)s » (%(programme)s).") % names
        else:
            changed = keep_staff_value(
                programme=conflict.programme,
                field=conflict.field,
                value=conflict.incoming_value,
            )
            message = (
                _(
                    "Notre valeur de « %(field)s » (%(programme)s) est gardée : le prochain "
                    "import ne la signalera plus, sauf si ONISEP la change encore."
                )
                % names
            )
        _decide(conflict, decision.state, user=user, now=now)
        return Resolution(Outcome.DONE, message, conflict, changed)


def _decide(
    conflict: ImportConflict,
    state: ConflictState,
    *,
    user: AbstractBaseUser | None,
    now: datetime.datetime,
) -> None:
    conflict.state = state
    conflict.decided_by = user
    conflict.decided_at = now
    conflict.save(update_fields=["state", "decided_by", "decided_at"])
