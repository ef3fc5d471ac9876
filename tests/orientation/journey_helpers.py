"""Helpers to walk the two journeys with Django's test client."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from orientation.models import Response

CodeFor = Callable[[dict], str | None]


def start_programme(client: Client, slug: str, **data: str) -> Response:
    response = client.post(reverse("orientation:start_programme", args=[slug]), data)
    assert response.status_code == 302, response.content[:500]
    return Response.objects.get(token=response.url.split("/")[2])


def start_discovery(client: Client, **data: str) -> Response:
    response = client.post(reverse("orientation:start_discovery"), data)
    assert response.status_code == 302, response.content[:500]
    return Response.objects.get(token=response.url.split("/")[2])


def step_url(response: Response, number: int) -> str:
    return reverse("orientation:step", args=[response.token, number])


def answer_step(
    client: Client, response: Response, number: int, code_for: CodeFor, action: str = "next"
):
    """POST one step, answering each question with code_for(question) (None skips it)."""
    data = {"action": action}
    for question in response.questions[number - 1]["questions"]:
        code = code_for(question)
        if code is not None:
            data[question["key"]] = code
    return client.post(step_url(response, number), data)


def complete(client: Client, response: Response, code_for: CodeFor) -> Response:
    """Answer every step and return the completed response, fresh from the database."""
    for number in range(1, response.step_count + 1):
        http = answer_step(client, response, number, code_for)
        assert http.status_code == 302, http.content[:500]
    response.refresh_from_db()
    assert response.is_completed
    return response


def questions(response: Response) -> list[dict]:
    return response.all_questions
