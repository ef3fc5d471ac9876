"""Data derived from the published catalogue, built once per catalogue version and process.

The scoring inputs (`orientation.catalogue`), the search index (`programmes.search`) and the
public pages' cache are derived from catalogue rows. Rebuilding them on every request cost
seconds at 5,000 programmes; they are rebuilt when the catalogue's version token
(`programmes.models.CatalogueVersion`) moves. Whatever changes those rows bumps it: the importer
explicitly (bulk writes send no signal), every other save or delete through the receivers that
`connect_receivers` wires (the admin's).
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from programmes.models import CatalogueVersion

T = TypeVar("T")

_lock = threading.Lock()
_version = ""
_memo: dict[tuple[str, str | None], object] = {}


# The version a request already read (`pinned`): its other reads reuse it, and a page is built
# from one version throughout.
_pinned: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "catalogue_version", default=None
)


@contextlib.contextmanager
def pinned(version: str) -> Iterator[None]:
    """Within the block, the catalogue version is `version` without asking the database."""
    token = _pinned.set(version)
    try:
        yield
    finally:
        _pinned.reset(token)


def current_version() -> str:
    pinned_version = _pinned.get()
    return CatalogueVersion.current() if pinned_version is None else pinned_version


def per_catalogue_version(name: str, build: Callable[[], T]) -> T:
    """`build()`, computed once per catalogue version (and language) in this process: one
    query when nothing changed, `build()` again when something did. Never cached while no
    version has been marked (then every call builds)."""
    global _version
    version = current_version()
    if not version:
        return build()
    key = (name, get_language())
    with _lock:
        if version != _version:
            _memo.clear()
            _version = version
        if key in _memo:
            return _memo[key]  # type: ignore[return-value]
    # Built outside the lock: two threads may build the same value once, never wait on a
    # slow build of another key.
    value = build()
    with _lock:
        if _version == version:
            _memo[key] = value
    return value


def forget() -> None:
    """Drop this process's copies (after changing the catalogue outside Django)."""
    global _version
    with _lock:
        _memo.clear()
        _version = ""


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures loading: the loader bumps once at the end if it matters
    CatalogueVersion.bump()


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        CatalogueVersion.bump()


def watch(
    models_: Iterable[type[models.Model]],
    *,
    relations: Iterable[type[models.Model]] = (),
) -> None:
    """Bump the catalogue version whenever a row of these models is saved or deleted, or a
    many-to-many `relations` table changes (called from the apps' `ready`)."""
    for model in models_:
        uid = f"capbts-catalogue-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for through in relations:
        m2m_changed.connect(
            _m2m_changed,
            sender=through,
            dispatch_uid=f"capbts-catalogue-{through._meta.label_lower}",
        )


def connect_receivers() -> None:
    """The catalogue's own models (called once from `ProgrammesConfig.ready`)."""
    from programmes.models import (
        Attendu,
        BacTrack,
        Domain,
        Metier,
        Programme,
        ProgrammeAttendu,
        ProgrammeMetier,
        SearchSynonym,
    )

    watch(
        (
            Programme,
            ProgrammeAttendu,
            Attendu,
            BacTrack,
            Domain,
            Metier,
            ProgrammeMetier,
            SearchSynonym,
        ),
        relations=(Programme.bac_tracks.through, Programme.domains.through),
    )
