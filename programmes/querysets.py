"""Reusable reads of the catalogue."""

from __future__ import annotations

from django.db import models

from programmes.text import fold


class ProgrammeQuerySet(models.QuerySet):
    def published(self) -> ProgrammeQuerySet:
        return self.filter(published=True)

    def for_bac(self, code: str) -> ProgrammeQuerySet:
        """Programmes open to a bac track (its code, e.g. "stmg")."""
        return self.filter(bac_tracks__code=code)

    def in_domain(self, slug: str) -> ProgrammeQuerySet:
        """Programmes in a domain, given either a top-level domain or a sub-domain slug."""
        return self.filter(
            models.Q(domains__slug=slug) | models.Q(domains__parent__slug=slug)
        ).distinct()

    def of_kind(self, kind: str) -> ProgrammeQuerySet:
        return self.filter(kind=kind)

    def search(self, query: str) -> ProgrammeQuerySet:
        """Every word of the query must appear in nom, sigle, métiers or domaines (case and
        accents ignored)."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs
