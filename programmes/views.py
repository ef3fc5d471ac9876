"""Catalogue pages (students, no login)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from programmes import page_cache
from programmes.forms import CatalogueChoices, CatalogueFilterForm
from programmes.models import (
    Domain,
    Programme,
    ProgrammeAttendu,
    ProgrammeMetier,
)
from programmes.search import Filters, current_index, search
from programmes.text import fold
from programmes.versioning import per_catalogue_version

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


CARD_FIELDS = ("pk", "name", "slug", "sigle", "kind", "duration")


@require_safe
@page_cache.cached_until_catalogue_changes
def home(request: HttpRequest) -> HttpResponse:
    index = current_index()
    ctx = {"programme_count": len(index.entries), "domains": index.top_domains}
    return render(request, "programmes/home.html", ctx)


def _cards(pks: list[int]) -> dict[int, Programme]:
    """The programmes of a page of results, with what a card shows and nothing more (one query
    and the domains' prefetch, whatever the catalogue's size)."""
    rows = (
        Programme.objects.filter(pk__in=pks)
        .only(*CARD_FIELDS)
        .annotate(attendu_count=Count("programme_attendus"))
        .prefetch_related(_domains_with_parent())
    )
    return {programme.pk: programme for programme in rows}


def card_fragments(pks: list[int]) -> list[str]:
    """The result cards of these programmes as HTML, each rendered once per catalogue version
    (a search never seen before still reuses the cards other searches rendered)."""
    rendered: dict[int, str] = per_catalogue_version("catalogue-cards", dict)
    missing = [pk for pk in pks if pk not in rendered]
    if missing:
        for pk, programme in _cards(missing).items():
            ctx = {"programme": programme, "domains": programme.top_domains()}
            rendered[pk] = render_to_string("programmes/_card.html", ctx)
    return [rendered[pk] for pk in pks]


def filters_fragment(form: CatalogueFilterForm, filters: dict[str, str]) -> str:
    """The folded filters as HTML. They depend on the bac, domain and type chosen, not on the
    words searched: rendered once per choice and catalogue version (unless a value was refused:
    its error is for this request only)."""
    ctx = {"form": form, "filters": filters, "folded_filters": sorted(set(filters) - {"q"})}
    if form.errors:
        return render_to_string("programmes/_filters.html", ctx)
    rendered: dict[tuple[str, ...], str] = per_catalogue_version("catalogue-filters", dict)
    key = tuple(filters.get(name, "") for name in ("bac", "domaine", "type"))
    key += ("q" in filters,)  # « Tout effacer » shows for a search alone too
    if key not in rendered:
        rendered[key] = render_to_string("programmes/_filters.html", ctx)
    return rendered[key]


@require_safe
@page_cache.cached_until_catalogue_changes
def catalogue(request: HttpRequest) -> HttpResponse:
    index = current_index()
    choices = per_catalogue_version(
        "catalogue-choices",
        lambda: CatalogueChoices.of(bac_tracks=index.bac_tracks, domains=index.top_domains),
    )
    form = CatalogueFilterForm(request.GET or None, choices=choices)
    filters = form.filters()
    outcome = search(
        index,
        Filters(
            query=filters.get("q", ""),
            bac=filters.get("bac", ""),
            domain=filters.get("domaine", ""),
            kind=filters.get("type", ""),
        ),
    )
    page = Paginator(outcome.pks, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = card_fragments(page.object_list)
    ctx = {
        "form": form,
        "filters": filters,
        "filters_html": filters_fragment(form, filters),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "results": [
            {"programme": index.entries[pk], "card": card}
            for pk, card in zip(page.object_list, cards, strict=True)
        ],
        # One string: no template loop over twenty cards on every search.
        "cards": mark_safe("".join(cards)),
        "partial": outcome.partial,
        "job": outcome.job,
        "nearest": [index.entries[pk] for pk in outcome.nearest],
    }
    return render(request, "programmes/catalogue.html", ctx)


@require_safe
@page_cache.cached_until_catalogue_changes
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The import bookkeeping is never shown: not read either.
    programmes = (
        Programme.objects.published()
        .defer("imported_values", "search_text", "import_source")
        .prefetch_related(
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
