"""One import run: parse every source, join, then write (or simulate) in one transaction."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from programmes.importers.apply import apply_batch
from programmes.importers.batch import SourceInfo, parse_sources
from programmes.importers.report import ImportReport
from programmes.importers.runs import fail_run, finish_run, start_run
from programmes.models import CatalogueVersion


def run_import(
    *,
    paths: Iterable[str | os.PathLike[str]],
    dry_run: bool = False,
    command: str = "run_import",
    launched_by: AbstractBaseUser | None = None,
) -> ImportReport:
    """Import the ONISEP files under paths (files, folders, zip archives).

    Everything is parsed first; the writes then run in one transaction, each programme (and each
    Idéo-Métiers file) in its own savepoint, so a bad record writes nothing and the others still
    import. With dry_run, the same writes run and are rolled back: the report says what would
    change.

    Each real run is recorded (runs.py): who launched it (launched_by from the admin, else the
    command's name), its files, counts and conflicts; a run that raises is left « échoué »
    with its error, and the catalogue as it was."""
    started = time.perf_counter()
    run = None if dry_run else start_run(command=command, launched_by=launched_by)
    sources: list[SourceInfo] = []
    try:
        batch = parse_sources(paths=paths)
        sources = batch.sources
        report = ImportReport(dry_run=dry_run, files=batch.files)
        report.failures.extend(batch.failures)
        report.skipped.extend(batch.skipped)
        with transaction.atomic():
            apply_batch(
                records=batch.records(), metiers=batch.metiers, now=timezone.now(), report=report
            )
            # Bulk writes send no signal: processes holding scoring inputs rebuild them.
            CatalogueVersion.bump()
            if run is None:
                transaction.set_rollback(True)
            else:
                finish_run(run=run, report=report, sources=sources)
    except BaseException as exc:
        # BaseException: an interrupted import (Ctrl-C) is a failed run too, not one « en cours »
        # for ever.
        if run is not None:
            fail_run(run=run, error=exc, sources=sources)
        raise
    report.seconds = time.perf_counter() - started
    return report
