"""The admin pages of the ONISEP imports: a run's page with its conflicts, the decision on one
conflict (POST), and the pending conflicts shown on a programme's page.

Ordinary function views taking the ModelAdmin they belong to (`model_admin`), registered by
`ImportRunAdmin.get_urls` through `admin_site.admin_view` (staff login, CSRF, no caching), as the
back office's own pages are. What a decision does is `programmes.importers.runs`'s business.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from orientation.config.admin_tools import parse_id
from programmes.importers.diff import Sides, conflict_sides
from programmes.importers.report import field_label
from programmes.importers.runs import Decision, Outcome, resolve_conflict
from programmes.models import ConflictState, ImportConflict, ImportRun

CONFLICTS_PER_PAGE = 50
# Where a decision sends the staff back: the run's page, or the programme's. A fixed choice, not
# a URL from the request (no open redirect).
RETURN_TO_PROGRAMME = "programme"

_LEVELS = {
    Outcome.DONE: messages.SUCCESS,
    Outcome.ALREADY_DECIDED: messages.WARNING,
    Outcome.SUPERSEDED: messages.WARNING,
    Outcome.MISSING: messages.ERROR,
    Outcome.REFUSED: messages.ERROR,
}


@dataclass(frozen=True)
class ConflictRow:
    """One conflict as its template shows it."""

    conflict: ImportConflict
    label: str
    sides: Sides

    @property
    def pending(self) -> bool:
        return self.conflict.state == ConflictState.PENDING


def _rows(conflicts) -> list[ConflictRow]:
    return [
        ConflictRow(
            conflict,
            field_label(conflict.field),
            conflict_sides(
                field=conflict.field,
                current=conflict.current_value,
                incoming=conflict.incoming_value,
            ),
        )
        for conflict in conflicts
    ]


def can_decide(user) -> bool:
    # Taking ONISEP's value changes the programme, keeping ours its last imported values.
    return user.has_perm("programmes.change_importconflict") and user.has_perm(
        "programmes.change_programme"
    )


def _context(request: HttpRequest, *, model_admin: admin.ModelAdmin, **extra) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **extra}


def import_run_page(request: HttpRequest, object_id: str, *, model_admin) -> TemplateResponse:
    """A run, read-only: when, who, files, counts, error, and its conflicts (pending first) with
    both values whole and the two decisions. A constant number of queries whatever the number of
    conflicts (paginated)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    pk = parse_id(object_id)
    if pk is None:
        raise Http404(_("Cet import n'existe pas."))
    run = get_object_or_404(ImportRun.objects.select_related("launched_by"), pk=pk)
    conflicts = (
        run.conflicts.select_related("programme", "decided_by")
        .annotate(
            pending_first=Case(
                When(state=ConflictState.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("pending_first", "programme__name", "field", "pk")
    )
    page = Paginator(conflicts, CONFLICTS_PER_PAGE).get_page(request.GET.get("page"))
    context = _context(
        request,
        model_admin=model_admin,
        title=str(run),
        run=run,
        page=page,
        rows=_rows(page.object_list),
        can_decide=can_decide(request.user),
        duration=(run.finished_at - run.started_at) if run.finished_at else None,
    )
    return TemplateResponse(request, "admin/programmes/importrun/run.html", context)


def decide_conflict(
    request: HttpRequest, run_id: int, conflict_id: int, *, model_admin
) -> HttpResponse:
    """POST `decision` = "onisep" (take ONISEP's value) or "ours" (keep ours) on one conflict of
    one run; back to the run's page (or the programme's, `return_to=programme`) with a French
    message. A wrong run, a conflict gone with its programme, a conflict already settled: a
    message, nothing written."""
    if not can_decide(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        decision = Decision(request.POST.get("decision", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Décision inconnue."))
    run = get_object_or_404(ImportRun.objects.only("pk"), pk=run_id)
    # The decision and its line in the programme's history are written together, or neither.
    with transaction.atomic():
        result = resolve_conflict(
            run_id=run.pk, conflict_id=conflict_id, decision=decision, user=request.user
        )
        if result.outcome is Outcome.DONE and result.conflict is not None:
            model_admin.log_change(request, result.conflict.programme, result.message)
    model_admin.message_user(request, result.message, _LEVELS[result.outcome])
    if result.conflict is not None and request.POST.get("return_to") == RETURN_TO_PROGRAMME:
        return redirect("admin:programmes_programme_change", result.conflict.programme_id)
    url = reverse("admin:programmes_importrun_change", args=[run.pk])
    return redirect(f"{url}#conflit-{conflict_id}" if result.conflict is not None else url)


def programme_conflicts(request: HttpRequest, programme_id: int) -> dict:
    """What a programme's change page shows of its pending conflicts (nothing to a user who may
    not see them): one query."""
    if not request.user.has_perm("programmes.view_importconflict"):
        return {}
    conflicts = (
        ImportConflict.objects.pending()
        .filter(programme_id=programme_id)
        .select_related("run")
        .defer("run__sources")  # thousands of entries for an archive; only the date is shown
        .order_by("field", "-run__started_at")
    )
    return {
        "import_conflicts": _rows(conflicts),
        "can_decide_conflicts": can_decide(request.user),
    }
