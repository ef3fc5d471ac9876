"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CATALOGUE = ROOT / "programmes" / "data" / "onisep"


def load_real_catalogue() -> None:
    """Import the bundled ONISEP catalogue and generate its questionnaire items."""
    call_command("import_programmes", str(BUNDLED_CATALOGUE), verbosity=0)
    call_command("generate_questionnaire_items", verbosity=0)


@pytest.fixture(scope="module")
def real_catalogue(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The 123 real programmes with their items, loaded once per test module in a transaction
    rolled back after the module. Tests using it are marked django_db: each runs in a savepoint
    inside that transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_real_catalogue()
        yield
        transaction.set_rollback(True)
