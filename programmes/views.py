"""Catalogue pages (students, no login)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from programmes.forms import CatalogueFilterForm, top_level_domains_with_programmes
from programmes.models import (
    BacTrack,
    Domain,
    Programme,
    ProgrammeAttendu,
    ProgrammeMetier,
)
from programmes.text import fold

PAGE_SIZE = 20


def _domains_with_parent() -> Prefetch:
    return Prefetch("domains", queryset=Domain.objects.select_related("parent"))


def attendu_groups(programme: Programme) -> list[tuple[str, list[ProgrammeAttendu]]]:
    """The attendus under their sub-headings, in fiche order (from prefetched rows).

    A heading comes where its first attendu stands; the attendus without a heading form one
    group with an empty title. A fiche without headings is therefore a single group.
    """
    groups: dict[str, list[ProgrammeAttendu]] = {}
    for row in programme.programme_attendus.all():
        groups.setdefault(row.group.strip(), []).append(row)
    return list(groups.items())


def official_link(programme: Programme) -> dict[str, str] | None:
    """The fiche's "Lien" (RNCP, référentiel PDF, Légifrance, Chlorofil…) with a clear label,
    or None when there is none or when it is the RNCP page already linked from the code."""
    url = programme.link_url
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host.endswith("francecompetences.fr"):
        if programme.rncp_code and f"/{programme.rncp_code}" in parts.path:
            return None
        label = _("La fiche RNCP du diplôme (France compétences)")
    elif parts.path.lower().endswith(".pdf"):
        label = _("Le référentiel du diplôme (PDF)")
    elif host.endswith("legifrance.gouv.fr"):
        label = _("Le texte officiel du diplôme (Légifrance)")
    elif host.endswith("chlorofil.fr"):
        label = _("La présentation officielle du diplôme (Chlorofil)")
    else:
        label = _("La présentation officielle du diplôme")
    return {"url": url, "label": label}


def home(request: HttpRequest) -> HttpResponse:
    ctx = {
        "programme_count": Programme.objects.published().count(),
        "domains": top_level_domains_with_programmes(),
    }
    return render(request, "programmes/home.html", ctx)


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(
        request.GET or None,
        bac_tracks=list(BacTrack.objects.all()),
        domains=top_level_domains_with_programmes(),
    )
    matching = form.apply(Programme.objects.published())
    programmes = (
        Programme.objects.filter(pk__in=matching.values("pk"))
        .annotate(attendu_count=Count("programme_attendus"))
        .prefetch_related(_domains_with_parent())
        # search_text starts with the folded name: French alphabetical order whatever the
        # database collation (« BTS Électrotechnique » among the E, not after the Z).
        .order_by("search_text", "name", "pk")
    )
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "form": form,
        "filters": form.filters(),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "results": [{"programme": p, "domains": p.top_domains()} for p in page],
    }
    return render(request, "programmes/catalogue.html", ctx)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    programmes = Programme.objects.published().prefetch_related(
        _domains_with_parent(),
        "bac_tracks",
        Prefetch(
            "programme_attendus",
            queryset=ProgrammeAttendu.objects.select_related("attendu").order_by("position"),
        ),
        Prefetch(
            "programme_metiers",
            queryset=ProgrammeMetier.objects.select_related("metier").order_by("position"),
        ),
    )
    programme = get_object_or_404(programmes, slug=slug)
    metiers = list(programme.programme_metiers.all())
    ctx = {
        "programme": programme,
        "domains": sorted(programme.domains.all(), key=lambda d: fold(str(d))),
        "attendu_groups": attendu_groups(programme),
        "attendu_count": len(programme.programme_attendus.all()),
        "official_link": official_link(programme),
        "metiers": metiers,
        "has_metier_links": any(row.metier and row.metier.onisep_url for row in metiers),
    }
    return render(request, "programmes/detail.html", ctx)
