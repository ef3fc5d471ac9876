"""A cohort's own pages in the back office: dashboard, interview sheets to print, exports.

Ordinary function views taking the cohort's ModelAdmin (`model_admin`), registered by
`CohortAdmin.get_urls` behind `admin_site.admin_view` (staff login, CSRF, no caching). Each
looks the cohort up among those the user follows (404 otherwise: another counsellor's cohort
does not exist for them) after checking the role's permission (403). The figures and files come
from dashboard.py, sheets.py and export.py; every page runs a fixed number of queries whatever
the cohort's size.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from orientation.backoffice import dashboard, export, sheets
from orientation.backoffice.filters import COHORT_PARAMETER, responses_url
from orientation.backoffice.views import admin_context
from orientation.models import Cohort, Response, spaced_code


def visible_cohort(request: HttpRequest, pk: int, *, perm: str) -> Cohort:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(Cohort.objects.for_counsellor(request.user), pk=pk)


def _responses(request: HttpRequest, cohort: Cohort):
    return Response.objects.visible_to(request.user).filter(cohort=cohort)


def cohort_dashboard(request: HttpRequest, pk: int, *, model_admin) -> TemplateResponse:
    """Cohort dashboard, in a constant number of queries whatever the cohort's size: the
    figures are SQL aggregates (orientation/backoffice/dashboard.py), the students with a point
    de vigilance paginated (`?page=`). Every figure links to the students it counts."""
    cohort = visible_cohort(request, pk, perm="orientation.view_cohort_dashboard")
    summary = dashboard.cohort_summary(
        _responses(request, cohort), blocking_page=request.GET.get("page", 1)
    )
    dashboard.link_students(summary, cohort_id=cohort.pk)
    programmes = [
        {
            "block": block,
            "chart": dashboard.stacked_chart(block.attendus),
            "chart_id": f"chart-programme-{index}",
        }
        for index, block in enumerate(summary.programmes, start=1)
    ]
    context = admin_context(
        request,
        model_admin=model_admin,
        title=_("Tableau de bord : %(name)s") % {"name": cohort.name},
        cohort=cohort,
        code=spaced_code(cohort.code),
        summary=summary,
        dimension_chart=dashboard.stacked_chart(summary.dimensions),
        programmes=programmes,
        bands=dashboard.Distribution("", "").cells,
        can_export=request.user.has_perm("orientation.export_response"),
        can_print=request.user.has_perm("orientation.view_response"),
        responses_url=responses_url(**{COHORT_PARAMETER: cohort.pk}),
    )
    return TemplateResponse(request, "admin/orientation/cohort/dashboard.html", context)


def cohort_sheets(request: HttpRequest, pk: int, *, model_admin) -> TemplateResponse:
    """Every interview sheet of a cohort, one A4 page each, to print from the browser: a page
    of its own (no admin menus), readable in black and white, printable without JavaScript."""
    cohort = visible_cohort(request, pk, perm="orientation.view_response")
    with_notes = request.user.has_perm("orientation.view_counsellornote")
    context = {
        "title": _("Fiches d'entretien : %(name)s") % {"name": cohort.name},
        "cohort": cohort,
        "sheets": sheets.interview_sheets(_responses(request, cohort), with_notes=with_notes),
        "with_notes": with_notes,
        "can_view_dashboard": request.user.has_perm("orientation.view_cohort_dashboard"),
        "site_header": model_admin.admin_site.site_header,
    }
    return TemplateResponse(request, "admin/orientation/cohort/sheets.html", context)


def cohort_export(request: HttpRequest, pk: int, *, model_admin) -> HttpResponse:
    cohort = visible_cohort(request, pk, perm="orientation.export_response")
    responses = export.for_export(_responses(request, cohort))
    return export.csv_response(
        responses.iterator(chunk_size=500),
        filename=export.export_filename(f"cap-bts-cohorte-{cohort.code.lower()}"),
    )


def cohort_export_xlsx(request: HttpRequest, pk: int, *, model_admin) -> HttpResponse:
    cohort = visible_cohort(request, pk, perm="orientation.export_response")
    return export.xlsx_response(
        _responses(request, cohort),
        filename=export.export_filename(f"cap-bts-cohorte-{cohort.code.lower()}", extension="xlsx"),
        with_notes=request.user.has_perm("orientation.view_counsellornote"),
    )
