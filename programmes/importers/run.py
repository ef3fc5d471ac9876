"""One import run: parse every source, join, then write (or simulate) in one transaction."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from programmes.importers.apply import apply_batch
from programmes.importers.batch import parse_sources
from programmes.importers.report import ImportReport
from programmes.models import CatalogueVersion


def run_import(*, paths: Iterable[str | os.PathLike[str]], dry_run: bool = False) -> ImportReport:
    """Import the ONISEP files under paths (files, folders, zip archives).

    Everything is parsed first; the writes then run in one transaction, each programme (and each
    Idéo-Métiers file) in its own savepoint, so a bad record writes nothing and the others still
    import. With dry_run, the same writes run and are rolled back: the report says what would
    change."""
    started = time.perf_counter()
    batch = parse_sources(paths=paths)
    report = ImportReport(dry_run=dry_run, files=batch.files)
    report.failures.extend(batch.failures)
    report.skipped.extend(batch.skipped)
    with transaction.atomic():
        apply_batch(
            records=batch.records(), metiers=batch.metiers, now=timezone.now(), report=report
        )
        # Bulk writes send no signal: processes holding scoring inputs rebuild them.
        CatalogueVersion.bump()
        if dry_run:
            transaction.set_rollback(True)
    report.seconds = time.perf_counter() - started
    return report
