"""The back office's own pages, as ordinary function views.

Each takes the ModelAdmin it belongs to (`model_admin`), for the admin's context, permissions
and querysets; the ModelAdmins register them through their documented `get_urls` hook, wrapped
by `admin_site.admin_view` (staff login, CSRF, no caching).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orientation import erasure
from orientation.backoffice import attempts, notes
from orientation.backoffice.forms import EditNoteForm, NoteForm
from orientation.config.admin_tools import parse_id
from orientation.models import (
    AttenduItem,
    CounsellorNote,
    Response,
    ReviewStatus,
    first_suggestions,
)
from orientation.presentation import (
    band_label,
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


# --- The response page, its notes, its erasure ----------------------------------------------------

# The notes section's anchor: after adding, editing or deleting a note the counsellor lands back
# where they were, not at the top of a long page.
NOTES_ANCHOR = "#notes"
# `?modifier=<note id>` shows that note's text in a form, in place (no JavaScript needed).
EDIT_PARAMETER = "modifier"
# The response pages use the whole width (two columns from 1280 px): no app menu, the
# breadcrumbs lead back.
WIDE_PAGE = {"is_nav_sidebar_enabled": False}


def _visible_response(request: HttpRequest, object_id, *, model_admin) -> Response:
    """The response `object_id` if the user may see it; 404 otherwise (another counsellor's
    cohort, an unknown or malformed id alike)."""
    object_id = unquote(str(object_id))
    pk = parse_id(object_id)
    if pk is None:
        raise Http404
    response = (
        Response.objects.visible_to(request.user).select_related("cohort").filter(pk=pk)
    ).first()
    if response is None:
        model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    return response


def _with_list_filters(request: HttpRequest, url: str, *, model_admin) -> str:
    """`url` carrying the response list's filters (`_changelist_filters`) the page was opened
    with, so that « back to the list » finds the list as the counsellor left it."""
    context = {
        "preserved_filters": model_admin.get_preserved_filters(request),
        "opts": model_admin.opts,
    }
    return add_preserved_filters(context, url)


def _response_url(request: HttpRequest, response: Response, *, model_admin, **query) -> str:
    url = reverse("admin:orientation_response_change", args=[response.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return _with_list_filters(request, url, model_admin=model_admin)


def _back_to_notes(request: HttpRequest, response: Response, *, model_admin) -> HttpResponse:
    return redirect(_response_url(request, response, model_admin=model_admin) + NOTES_ANCHOR)


def _labelled_changes(changes: list[attempts.Change]) -> list[dict]:
    return [
        {
            "change": change,
            "before_label": band_label(change.before) if change.before else "",
            "after_label": band_label(change.after) if change.after else "",
        }
        for change in changes
    ]


def _attempts_context(request: HttpRequest, response: Response, *, model_admin) -> dict:
    group = attempts.attempt_group(
        response=response, visible=Response.objects.visible_to(request.user)
    )
    if group is None:
        return {"attempt_group": None}
    comparison = group.comparison
    return {
        "attempt_group": group,
        "attempt_rows": [
            {
                "attempt": attempt,
                "number": number,
                "band_label": band_label(attempt.band) if attempt.band else "",
                "current": attempt.pk == response.pk,
                "url": _with_list_filters(
                    request,
                    reverse("admin:orientation_response_change", args=[attempt.pk]),
                    model_admin=model_admin,
                ),
            }
            for number, attempt in enumerate(group.attempts, start=1)
        ],
        "comparison": comparison,
        "comparison_overall": _labelled_changes([comparison.overall])[0]
        if comparison and comparison.overall
        else None,
        "comparison_dimensions": _labelled_changes(comparison.dimensions) if comparison else [],
        "comparison_attendus": _labelled_changes(comparison.attendus) if comparison else [],
    }


def _notes_context(
    request: HttpRequest,
    response: Response,
    *,
    model_admin,
    editing: tuple[int, EditNoteForm] | None,
) -> list[dict]:
    """Each note with what the reader may do with it (no query per note)."""
    user = request.user
    if editing is None and (note_id := parse_id(request.GET.get(EDIT_PARAMETER, ""))):
        editing = (note_id, None)
    rows = []
    for note in response.notes.select_related("author"):
        can_change = notes.may_change_note(user=user, note=note)
        form = None
        if can_change and editing is not None and editing[0] == note.pk:
            form = editing[1]
            if form is None:
                form = EditNoteForm(initial={"text": note.text})
                # The counsellor asked to edit this note: the text is ready to type in.
                form.fields["text"].widget.attrs["autofocus"] = True
        rows.append(
            {
                "note": note,
                "can_change": can_change,
                "can_delete": notes.may_delete_note(user=user, note=note),
                "edit_form": form,
                "edit_link": _response_url(
                    request, response, model_admin=model_admin, **{EDIT_PARAMETER: note.pk}
                )
                + f"#note-{note.pk}",
                "edit_action": _with_list_filters(
                    request,
                    reverse("admin:orientation_response_note_edit", args=[response.pk, note.pk]),
                    model_admin=model_admin,
                ),
                "delete_url": _with_list_filters(
                    request,
                    reverse("admin:orientation_response_note_delete", args=[response.pk, note.pk]),
                    model_admin=model_admin,
                ),
                "cancel_url": _response_url(request, response, model_admin=model_admin)
                + f"#note-{note.pk}",
            }
        )
    return rows


def _render_response_page(
    request: HttpRequest,
    response: Response,
    *,
    model_admin,
    note_form: NoteForm | None = None,
    editing: tuple[int, EditNoteForm] | None = None,
    status: int = 200,
) -> TemplateResponse:
    user = request.user
    can_add_note = notes.may_add_note(user=user)
    if note_form is None:
        note_form = NoteForm()
    for form in (note_form, editing[1] if editing else None):
        if form is not None and form.errors:
            # The field with the message gets the focus: on a phone the notes are below the
            # summary, and the page reloads at the top.
            form.fields["text"].widget.attrs.update(
                {
                    "aria-invalid": "true",
                    "aria-describedby": f"{form.prefix or 'note'}-errors "
                    f"{form['text'].auto_id}_helptext",
                    "autofocus": True,
                }
            )
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
        notes=_notes_context(request, response, model_admin=model_admin, editing=editing)
        if user.has_perm("orientation.view_counsellornote")
        else [],
        note_form=note_form if can_add_note else None,
        note_action=_with_list_filters(request, request.path, model_admin=model_admin),
        can_view_notes=user.has_perm("orientation.view_counsellornote"),
        # The response was read through visible_to: the permission is all that is left to check.
        can_erase=model_admin.has_delete_permission(request),
        erase_url=_with_list_filters(
            request,
            reverse("admin:orientation_response_delete", args=[response.pk]),
            model_admin=model_admin,
        ),
        preserved_filters=model_admin.get_preserved_filters(request),
        has_view_permission=True,
        **_attempts_context(request, response, model_admin=model_admin),
        **WIDE_PAGE,
    )
    return TemplateResponse(
        request, "admin/orientation/response/detail.html", context, status=status
    )


def response_page(request: HttpRequest, object_id: str, *, model_admin) -> TemplateResponse:
    """Read-only page of one response: what the student answered and saw, the other attempts
    under the same pseudonym in the cohort and what changed since the previous one, and the
    notes; a counsellor adds a note here (POST)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    response = _visible_response(request, object_id, model_admin=model_admin)
    if request.method != "POST":
        return _render_response_page(request, response, model_admin=model_admin)
    if not notes.may_add_note(user=request.user):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_response_page(
            request, response, model_admin=model_admin, note_form=form, status=400
        )
    notes.add_note(response=response, user=request.user, text=form.cleaned_data["text"])
    model_admin.message_user(request, _("Note enregistrée."), messages.SUCCESS)
    return _back_to_notes(request, response, model_admin=model_admin)


def _visible_note(
    request: HttpRequest, object_id: str, note_id: int, *, perm: str, model_admin
) -> CounsellorNote:
    """The note `note_id` of a response the user may see: 403 without `perm` (before any
    look-up), 404 when the response is not theirs to see or the note not on it."""
    if not request.user.has_perm(perm):
        raise PermissionDenied
    response = _visible_response(request, object_id, model_admin=model_admin)
    note = get_object_or_404(response.notes.select_related("author"), pk=note_id)
    note.response = response
    return note


@require_POST
def note_edit(request: HttpRequest, object_id: str, note_id: int, *, model_admin) -> HttpResponse:
    """Save an edited note (its author or a superuser); back to the notes, or the page again
    with the form and its message when the text is empty or too long."""
    note = _visible_note(
        request,
        object_id,
        note_id,
        perm="orientation.change_counsellornote",
        model_admin=model_admin,
    )
    if not notes.may_change_note(user=request.user, note=note):
        raise PermissionDenied
    form = EditNoteForm(request.POST)
    if not form.is_valid():
        return _render_response_page(
            request,
            note.response,
            model_admin=model_admin,
            editing=(note.pk, form),
            status=400,
        )
    if notes.edit_note(note=note, user=request.user, text=form.cleaned_data["text"]):
        model_admin.message_user(request, _("Note modifiée."), messages.SUCCESS)
    else:
        model_admin.message_user(request, _("Note inchangée."), messages.INFO)
    return _back_to_notes(request, note.response, model_admin=model_admin)


def note_delete(request: HttpRequest, object_id: str, note_id: int, *, model_admin) -> HttpResponse:
    """Delete a note (its author or a superuser): a confirmation page (GET), then the delete
    (POST)."""
    note = _visible_note(
        request,
        object_id,
        note_id,
        perm="orientation.delete_counsellornote",
        model_admin=model_admin,
    )
    if not notes.may_delete_note(user=request.user, note=note):
        raise PermissionDenied
    response = note.response
    if request.method == "POST":
        notes.delete_note(note=note, user=request.user)
        model_admin.message_user(request, _("Note supprimée."), messages.SUCCESS)
        return _back_to_notes(request, response, model_admin=model_admin)
    context = admin_context(
        request,
        model_admin=model_admin,
        title=_("Supprimer cette note ?"),
        response=response,
        note=note,
        cancel_url=_response_url(request, response, model_admin=model_admin) + f"#note-{note.pk}",
        response_url=_response_url(request, response, model_admin=model_admin),
        preserved_filters=model_admin.get_preserved_filters(request),
        **WIDE_PAGE,
    )
    return TemplateResponse(request, "admin/orientation/response/note_delete.html", context)


def response_erase(request: HttpRequest, object_id: str, *, model_admin) -> HttpResponse:
    """Erase a response at its student's request (RGPD): a confirmation page saying what goes
    and what trace stays (GET), then the erasure (POST) through orientation.erasure. Replaces
    Django's delete page for responses."""
    if not model_admin.has_delete_permission(request):
        raise PermissionDenied
    response = _visible_response(request, object_id, model_admin=model_admin)
    list_url = _with_list_filters(
        request, reverse("admin:orientation_response_changelist"), model_admin=model_admin
    )
    if request.method == "POST":
        if erasure.erase_at_students_request(response_id=response.pk, user=request.user):
            model_admin.message_user(
                request,
                _(
                    "Réponse n° %(pk)s supprimée, avec ses notes. L'historique de la cohorte "
                    "garde seulement la trace de la suppression (numéro, date, auteur)."
                )
                % {"pk": response.pk},
                messages.SUCCESS,
            )
        return redirect(list_url)
    same_pseudonym = attempts.attempts_of(
        response=response, visible=Response.objects.visible_to(request.user)
    )
    context = admin_context(
        request,
        model_admin=model_admin,
        title=_("Supprimer cette réponse à la demande de l'élève ?"),
        response=response,
        note_count=response.notes.count(),
        other_attempts=[
            {
                "attempt": attempt,
                "url": _with_list_filters(
                    request,
                    reverse("admin:orientation_response_change", args=[attempt.pk]),
                    model_admin=model_admin,
                ),
            }
            for attempt in same_pseudonym
            if attempt.pk != response.pk
        ],
        response_url=_response_url(request, response, model_admin=model_admin),
        preserved_filters=model_admin.get_preserved_filters(request),
        **WIDE_PAGE,
    )
    return TemplateResponse(request, "admin/orientation/response/erase.html", context)
