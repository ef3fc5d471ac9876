"""The back office's own pages, as ordinary function views.

Each takes the ModelAdmin it belongs to (`model_admin`), for the admin's context, permissions
and querysets; the ModelAdmins register them through their documented `get_urls` hook, wrapped
by `admin_site.admin_view` (staff login, CSRF, no caching).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from orientation.backoffice import dashboard, export
from orientation.backoffice.forms import NoteForm
from orientation.models import (
    AttenduItem,
    Cohort,
    Response,
    ReviewStatus,
    first_suggestions,
    spaced_code,
)
from orientation.presentation import (
    chart_geometry,
    grouped_attendus,
    labelled_result,
    step_heading,
)
from orientation.questionnaire import discovery_questionnaire, programme_questionnaire
from orientation.scoring import ANSWER_OPTIONS, answer_label
from programmes.bac_tracks import bac_track_label
from programmes.models import Programme

# Rows of a discovery ranking shown on a response page (the student sees them all).
RANKING_ROWS = 10


def admin_context(request: HttpRequest, *, model_admin: admin.ModelAdmin, **extra) -> dict:
    """What every admin page's template expects, plus the page's own values."""
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **extra}


def can_preview(user) -> bool:
    return user.has_perm("orientation.view_item") or user.has_perm("programmes.view_programme")


def questionnaire_preview(
    request: HttpRequest, programme_id: int | None, *, model_admin: admin.ModelAdmin
) -> TemplateResponse:
    """A questionnaire exactly as a student gets it (a programme's, or the discovery one when
    `programme_id` is None), read-only, nothing saved."""
    if not can_preview(request.user):
        raise PermissionDenied
    awaiting_review = awaiting_check = 0
    if programme_id is None:
        programme = None
        steps = discovery_questionnaire()
        title = _("Aperçu du questionnaire « Quels BTS me correspondent ? »")
        subtitle = _("Quels BTS me correspondent ?")
    else:
        programme = get_object_or_404(Programme, pk=programme_id)
        steps = programme_questionnaire(programme=programme)
        waiting = (
            AttenduItem.objects.in_review_queue()
            .filter(attendu__programme_attendus__programme=programme)
            .values_list("status", flat=True)
        )
        awaiting_review = sum(1 for status in waiting if status == ReviewStatus.TO_REVIEW)
        awaiting_check = len(waiting) - awaiting_review
        title = _("Aperçu du questionnaire : %(name)s") % {"name": programme.name}
        subtitle = _("Suis-je fait pour ce BTS ?")
    context = admin_context(
        request,
        model_admin=model_admin,
        title=title,
        subtitle=subtitle,
        programme=programme,
        steps=[step_heading(step) for step in steps],
        question_count=sum(len(s["questions"]) for s in steps),
        awaiting_review=awaiting_review,
        awaiting_check=awaiting_check,
        answer_options=ANSWER_OPTIONS,
        can_change_items=request.user.has_perm("orientation.change_item"),
        can_change_programme=request.user.has_perm("programmes.change_programme"),
    )
    return TemplateResponse(request, "admin/orientation/preview.html", context)


def _visible_cohort(request: HttpRequest, pk: int, *, perm: str) -> Cohort:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(Cohort.objects.for_counsellor(request.user), pk=pk)


def cohort_dashboard(request: HttpRequest, pk: int, *, model_admin) -> TemplateResponse:
    """Cohort dashboard, in a constant number of queries whatever the cohort's size: the
    figures are SQL aggregates (orientation/backoffice/dashboard.py), the students with a point
    de vigilance paginated (`?page=`)."""
    cohort = _visible_cohort(request, pk, perm="orientation.view_cohort_dashboard")
    summary = dashboard.cohort_summary(
        Response.objects.visible_to(request.user).filter(cohort=cohort),
        blocking_page=request.GET.get("page", 1),
    )
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
        responses_url=reverse("admin:orientation_response_changelist") + f"?cohorte={cohort.pk}",
    )
    return TemplateResponse(request, "admin/orientation/cohort/dashboard.html", context)


def cohort_export(request: HttpRequest, pk: int, *, model_admin) -> HttpResponse:
    cohort = _visible_cohort(request, pk, perm="orientation.export_response")
    responses = export.for_export(Response.objects.visible_to(request.user).filter(cohort=cohort))
    return export.csv_response(
        responses.iterator(chunk_size=500),
        filename=export.export_filename(f"cap-bts-cohorte-{cohort.code.lower()}"),
    )


def _answered_steps(response: Response) -> list[dict]:
    """Every question of the snapshot with the answer given (or none), step by step."""
    return [
        {
            "title": step_heading(step)["title"],
            "questions": [
                {
                    **q,
                    "label": answer_label(response.answers.get(q["key"], "")) or _("Sans réponse"),
                }
                for q in step["questions"]
            ],
        }
        for step in response.questions
    ]


def response_page(request: HttpRequest, object_id: str, *, model_admin) -> TemplateResponse:
    """Read-only page of one response: what the student answered and saw, and the notes; a
    counsellor adds a note here."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    object_id = unquote(object_id)
    if not object_id.isdigit():
        raise Http404
    response = (
        Response.objects.visible_to(request.user).select_related("cohort").filter(pk=object_id)
    ).first()
    if response is None:
        model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    can_add_note = request.user.has_perm("orientation.add_counsellornote")
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        if not can_add_note:
            raise PermissionDenied
        if not form.is_valid():
            form.fields["text"].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": "note-errors"}
            )
        else:
            note = form.save(commit=False)
            note.response = response
            note.author = request.user
            note.save()
            model_admin.log_change(request, response, _("Note de conseil ajoutée."))
            model_admin.message_user(request, _("Note enregistrée."), messages.SUCCESS)
            return redirect(request.path)
    result = labelled_result(response.result or {})
    context = admin_context(
        request,
        model_admin=model_admin,
        title=response.title,
        original=response,
        response=response,
        result=result,
        bac_label=bac_track_label(response.bac_track),
        groups=grouped_attendus(result=result),
        suggestions=result.get("suggestions", []),
        ranking=first_suggestions(result, limit=RANKING_ROWS),
        ranking_total=result.get("ranking_counts", {}).get("open")
        or sum(1 for e in result.get("ranking", ()) if e.get("open_to_bac")),
        steps=_answered_steps(response),
        # The student's own chart geometry, for the student's chart partial.
        chart=chart_geometry(dimensions=result.get("dimensions", [])),
        notes=response.notes.select_related("author"),
        note_form=form if can_add_note else None,
        can_view_notes=request.user.has_perm("orientation.view_counsellornote"),
        has_view_permission=True,
    )
    return TemplateResponse(
        request,
        "admin/orientation/response/detail.html",
        context,
        status=400 if form.errors else 200,
    )
