"""The two self-assessment journeys, their results and the student's private link."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.core.cache import caches
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orientation.erasure import erase_responses
from orientation.forms import DiscoveryStartForm, StartForm, StepForm, TamperedStep
from orientation.models import Response
from orientation.presentation import (
    chart_geometry,
    grouped_attendus,
    labelled_result,
    programme_headline,
    step_heading,
)
from orientation.questionnaire import discovery_questionnaire, programme_questionnaire
from orientation.ratelimit import rate_limited
from orientation.results import compute_result
from orientation.scoring import answer_label
from programmes.bac_tracks import BAC_TRACK_LABELS
from programmes.models import Programme
from programmes.search import current_index

page_cache = caches["pages"]
# Discovery results: the first ten with their reasons (pathways for the first five), the rest
# behind « voir plus ».
TOP_SUGGESTIONS = 10
PATHWAYS_SHOWN = 5


def _create_response(*, form: StartForm, journey: str, steps: list, programme=None) -> Response:
    return Response.objects.create(
        journey=journey,
        programme=programme,
        programme_name=programme.name if programme else "",
        bac_track=form.cleaned_data["bac_track"],
        pseudonym=form.cleaned_data["pseudonym"],
        cohort=form.cleaned_data["cohort_code"],
        questions=steps,
    )


@require_http_methods(["GET", "POST"])
@rate_limited
def start_programme(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.published(), slug=slug)
    steps = programme_questionnaire(programme=programme)
    if not steps:
        raise Http404(_("Cette formation n'a pas encore de questionnaire."))
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        response = _create_response(
            form=form, journey=Response.Journey.PROGRAMME, steps=steps, programme=programme
        )
        return redirect("orientation:step", token=response.token, number=1)
    ctx = {
        "programme": programme,
        "form": form,
        "question_count": sum(len(s["questions"]) for s in steps),
        "step_count": len(steps),
    }
    return render(request, "orientation/start_programme.html", ctx)


@require_http_methods(["GET", "POST"])
@rate_limited
def start_discovery(request: HttpRequest) -> HttpResponse:
    form = DiscoveryStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        steps = discovery_questionnaire()
        response = _create_response(form=form, journey=Response.Journey.DISCOVERY, steps=steps)
        return redirect("orientation:step", token=response.token, number=1)
    steps = discovery_questionnaire()
    ctx = {
        "form": form,
        "question_count": sum(len(s["questions"]) for s in steps),
        "step_count": len(steps),
    }
    return render(request, "orientation/start_discovery.html", ctx)


def _get_response(token: str, *, for_update: bool = False) -> Response:
    # A token is at most 64 URL-safe characters; a longer one cannot match and needs no query.
    if not token or len(token) > 64:
        raise Http404
    if for_update:
        return get_object_or_404(Response.objects.select_for_update(), token=token)
    return get_object_or_404(Response.objects.select_related("cohort", "programme"), token=token)


def _progress(response: Response) -> dict:
    total = len(response.all_questions)
    answered = len(response.answers)
    return {
        "total": total,
        "answered": answered,
        "percent": round(100 * answered / total) if total else 0,
    }


@require_http_methods(["GET", "POST"])
@rate_limited
def step(request: HttpRequest, token: str, number: int) -> HttpResponse:
    if request.method == "POST":
        # One transaction, the response locked from the start: concurrent posts of the same
        # response (double clicks, two tabs) apply one after the other, nothing is lost.
        with transaction.atomic():
            return _save_step(request, _get_response(token, for_update=True), number)
    response = _get_response(token)
    if response.is_completed:
        return redirect(response)
    if not 1 <= number <= response.step_count:
        raise Http404
    questions = response.questions[number - 1]["questions"]
    form = StepForm(questions=questions, initial=response.answers)
    return _render_step(request, response, number, form)


def _save_step(request: HttpRequest, response: Response, number: int) -> HttpResponse:
    if response.is_completed:
        return redirect(response)
    if not 1 <= number <= response.step_count:
        raise Http404
    questions = response.questions[number - 1]["questions"]
    form = StepForm(request.POST, questions=questions, initial=response.answers)
    try:
        form.check_untampered()
    except TamperedStep:
        return HttpResponseBadRequest(
            _("Ce formulaire contient des questions qui n'appartiennent pas à cette étape.")
        )
    if not form.is_valid():
        return _render_step(request, response, number, form, status=400)
    for question in questions:
        response.answers.pop(question["key"], None)
    response.answers.update(form.answered())
    action = request.POST.get("action", "next")
    if action == "finish" or (action == "next" and number == response.step_count):
        response.apply_result(compute_result(response=response))
    response.save()
    if response.is_completed:
        return redirect(response)
    if action == "save":
        messages.success(request, _("Tes réponses sont enregistrées."))
        return redirect(response)
    if action == "previous" and number > 1:
        return redirect("orientation:step", token=response.token, number=number - 1)
    next_step = min(number + 1, response.step_count)
    return redirect("orientation:step", token=response.token, number=next_step)


def _render_step(
    request: HttpRequest, response: Response, number: int, form: StepForm, status: int = 200
) -> HttpResponse:
    ctx = {
        "response": response,
        "form": form,
        "step": step_heading(response.questions[number - 1]),
        "number": number,
        "step_count": response.step_count,
        "is_last": number == response.step_count,
        "progress": _progress(response),
        # Before finishing: the earlier steps with questions left without an answer.
        "unanswered": [
            {"number": index, "count": missing}
            for index, step_data in enumerate(response.questions, start=1)
            if index != number
            and (missing := sum(q["key"] not in response.answers for q in step_data["questions"]))
        ]
        if number == response.step_count
        else [],
    }
    return render(request, "orientation/step.html", ctx, status=status)


def _first_open_step(response: Response) -> int:
    for index, step_data in enumerate(response.questions, start=1):
        if any(q["key"] not in response.answers for q in step_data["questions"]):
            return index
    return response.step_count


@require_http_methods(["GET"])
def response_detail(request: HttpRequest, token: str) -> HttpResponse:
    # A completed response never changes until it is deleted: its rendered page is kept per
    # process, keyed on its last modification, and served after one light query that also
    # makes sure the response still exists. Pages with a flash message are never kept.
    if not token or len(token) > 64:
        raise Http404
    row = _response_state(token)
    if row is None:
        raise Http404
    pk, status, updated_at = row
    cacheable = status == Response.Status.COMPLETED and not messages.get_messages(request)
    page = f"{pk}|{updated_at}|{request.get_host()}|{request.get_full_path()}"
    key = "results:" + hashlib.sha256(page.encode()).hexdigest()
    if cacheable and (content := page_cache.get(key)) is not None:
        return HttpResponse(content)
    http = _response_page(request, _get_response(token))
    if cacheable and http.status_code == 200:
        page_cache.set(key, http.content)
    return http


def _response_state(token: str) -> tuple | None:
    """(pk, status, updated_at as stored) of a response, in one plain statement: on the hot
    path of results pages, compiling an ORM query costs more than running it."""
    table = connection.ops.quote_name(Response._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, status, updated_at FROM {table} WHERE token = %s",
            [token],
        )
        return cursor.fetchone()


def _response_page(request: HttpRequest, response: Response) -> HttpResponse:
    if not response.is_completed:
        ctx = {
            "response": response,
            "progress": _progress(response),
            "resume_step": _first_open_step(response),
        }
        return render(request, "orientation/resume.html", ctx)
    if response.journey == Response.Journey.PROGRAMME:
        return _programme_results(request, response)
    return _discovery_results(request, response)


def _pathways(programme_ids: list[int]) -> dict[int, Programme]:
    programmes = Programme.objects.filter(pk__in=programme_ids, published=True).prefetch_related(
        "programme_metiers__metier"
    )
    return {p.pk: p for p in programmes}


def _programme_results(request: HttpRequest, response: Response) -> HttpResponse:
    result = labelled_result(response.result)
    pathways = _pathways([s["programme"] for s in result["suggestions"]])
    suggestions = [
        {**s, "programme_obj": pathways.get(s["programme"])} for s in result["suggestions"]
    ]
    ctx = {
        "response": response,
        "result": result,
        "groups": grouped_attendus(result=result),
        "headline": programme_headline(result=result),
        "bac_label": BAC_TRACK_LABELS.get(response.bac_track, ""),
        "interests": [
            {**i, "answer_label": answer_label(i["answer"]) or _("Sans réponse")}
            for i in result.get("interests", ())
        ],
        "suggestions": suggestions,
        "chart": chart_geometry(dimensions=result["dimensions"]),
    }
    return render(request, "orientation/results_programme.html", ctx)


def _discovery_results(request: HttpRequest, response: Response) -> HttpResponse:
    result = labelled_result(response.result)
    ranking = result["ranking"]
    programme_ids = [r["programme"] for r in ranking]
    programmes = {
        p.pk: p
        for p in Programme.objects.filter(pk__in=programme_ids, published=True).prefetch_related(
            "domains__parent", "bac_tracks", "programme_metiers__metier"
        )
    }
    catalogue_index = current_index()
    domain_slug = request.GET.get("domaine", "")
    # Every programme by default: a BTS outside the bac's usual routes is still possible, its
    # card says so and it comes after the usual ones of the same interest.
    bac = request.GET.get("bac", "")
    only_open = bac != ""
    rows, unsure = [], 0
    for entry in ranking:
        programme = programmes.get(entry["programme"])
        if programme is None:
            continue
        if domain_slug and domain_slug not in {d.top.slug for d in programme.domains.all()}:
            continue
        if only_open and bac not in {t.code for t in programme.bac_tracks.all()}:
            continue
        if entry.get("fit") is None:
            unsure += 1  # too little said about it (rankings stored whole, before slim snapshots)
            continue
        rows.append({**entry, "programme_obj": programme})
    # A slim snapshot keeps the first suggestions and counts the others.
    counts = result.get("ranking_counts")
    filtered = bool(domain_slug or only_open)
    beyond = 0
    if counts and not filtered:
        unsure = counts["unsure"]
        beyond = max(0, counts["suggested"] - len(ranking))
    # Numbered suggestions only in fields the student likes (« Plutôt » or more; every row of a
    # 1.0 result, which had no such answers); the others apart, under their own heading.
    liked, elsewhere = [], []
    for row in rows:
        interest = row.get("interest", 3)
        (liked if interest is not None and interest >= 2 else elsewhere).append(row)
    ctx = {
        "response": response,
        "result": result,
        "first": liked[:TOP_SUGGESTIONS],
        "more": liked[TOP_SUGGESTIONS:],
        "elsewhere": elsewhere,
        "unsure": unsure,
        "beyond": beyond,
        "filtered": filtered and counts is not None,
        "pathways": PATHWAYS_SHOWN,
        # The catalogue filter's lists, as the search index holds them (once per version).
        "domains": catalogue_index.top_domains,
        "bac_tracks": catalogue_index.bac_tracks,
        "bac_label": BAC_TRACK_LABELS.get(response.bac_track, ""),
        "selected_domain": domain_slug,
        "selected_bac": bac,
        "chart": chart_geometry(dimensions=result["dimensions"]),
        "interests": {
            "loved": [i["label"] for i in result.get("interests", ()) if i["value"] == 3],
            "liked": [i["label"] for i in result.get("interests", ()) if i["value"] == 2],
        },
        "skills": [
            {**s, "label": answer_label(s["answer"]) or _("Sans réponse")}
            for s in result.get("skills", ())
        ],
    }
    return render(request, "orientation/results_discovery.html", ctx)


@require_http_methods(["GET", "POST"])
@rate_limited
def edit_response(request: HttpRequest, token: str) -> HttpResponse:
    """« Modifier mes réponses »: the completed response becomes a draft again, answers kept;
    finishing it computes a new result with the current scoring version. A discovery stored
    with the questionnaire of an earlier version gets today's, keeping the answers to the
    questions both share. GET asks to confirm (the results page stays free of any token)."""
    if request.method == "GET":
        response = _get_response(token)
        if not response.is_completed:
            return redirect("orientation:step", token=response.token, number=1)
        return render(request, "orientation/edit.html", {"response": response})
    with transaction.atomic():
        response = _get_response(token, for_update=True)
        if response.is_completed:
            if response.journey == Response.Journey.DISCOVERY and any(
                "domain" in q for q in response.all_questions
            ):
                response.questions = discovery_questionnaire()
                keys = {q["key"] for q in response.all_questions}
                response.answers = {k: v for k, v in response.answers.items() if k in keys}
            response.reopen()
            response.save()
    return redirect("orientation:step", token=response.token, number=1)


@require_http_methods(["GET", "POST"])
def delete_response(request: HttpRequest, token: str) -> HttpResponse:
    response = _get_response(token)
    if request.method == "POST":
        erase_responses(ids=[response.pk])
        messages.success(request, _("Tes réponses ont été supprimées définitivement."))
        return redirect("programmes:home")
    return render(request, "orientation/delete.html", {"response": response})


@require_http_methods(["GET"])
def export_response(request: HttpRequest, token: str) -> HttpResponse:
    """The student's own data, as JSON: what they answered and the result they saw."""
    response = _get_response(token)
    questions = response.all_questions
    payload = {
        "parcours": response.get_journey_display(),
        "formation": response.programme_name,
        "bac": response.bac_track,
        "pseudonyme": response.pseudonym,
        "cohorte": response.cohort.name if response.cohort else None,
        "commencee_le": response.created_at.isoformat(),
        "terminee_le": response.completed_at.isoformat() if response.completed_at else None,
        "version_du_calcul": response.scoring_version,
        "reponses": [
            {
                "question": q["statement"],
                "attendu": q.get("attendu_text", ""),
                "reponse": answer_label(response.answers.get(q["key"], "")),
            }
            for q in questions
        ],
        # The codes with their wording, as the results page shows them.
        "resultat": labelled_result(response.result),
        "notes_du_conseiller": [
            {"ecrite_le": note.created_at.isoformat(), "texte": note.text}
            for note in response.notes.order_by("created_at")
        ],
    }
    body = json.dumps(payload, ensure_ascii=False, indent=2)
    http = HttpResponse(body, content_type="application/json; charset=utf-8")
    http["Content-Disposition"] = 'attachment; filename="cap-bts-mes-reponses.json"'
    return http
