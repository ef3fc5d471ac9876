"""Reusable reads of the catalogue."""

from __future__ import annotations

from django.db import models

from programmes.text import fold


def in_french_order(domains) -> list:
    """Domains sorted by name as a French reader expects (accents ignored: « Économie » among
    the E)."""
    return sorted(domains, key=lambda domain: fold(domain.name))


class DomainQuerySet(models.QuerySet):
    def top_level(self) -> DomainQuerySet:
        return self.filter(parent=None)

    def with_published_programmes(self) -> DomainQuerySet:
        """Domains holding at least one published programme, directly or through a child."""
        from programmes.models import Programme

        published = Programme.objects.published()
        return self.filter(
            models.Exists(published.filter(domains=models.OuterRef("pk")))
            | models.Exists(published.filter(domains__parent=models.OuterRef("pk")))
        )


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
