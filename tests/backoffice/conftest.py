"""Personas and data of the back-office tests.

Personas (each a logged-in Django test client, `.user` set):

- `anonymous`: nobody signed in;
- `student`: a lycéen holding the private link of a completed response of cohort A;
- `counsellor_a` / `counsellor_b`: staff in « Conseil en orientation », following cohort A / B;
- `editor`: staff in « Rédaction »;
- `superuser`.

django-axes is on: clients sign in with `force_login`, never `login`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from orientation.backoffice.roles import COUNSELLOR_GROUP, EDITOR_GROUP
from orientation.interests import sync_interests
from orientation.itemgen.sync import sync_items
from orientation.models import Cohort, Response
from orientation.questionnaire import discovery_questionnaire, programme_questionnaire
from orientation.results import compute_result
from programmes.models import Programme
from tests.factories import give_fields, make_programme

CodeFor = Callable[[dict], str | None]

# Real attendu texts of the bundled ONISEP file.
RELATION = "Disposer de compétences relationnelles propres aux métiers des services et de la relation client"  # noqa: E501
NUMERIQUE = "Avoir la capacité d'évoluer dans des environnements numériques et digitalisés"
EQUIPE = "Disposer de compétences pour travailler en équipe"
ORGANISATION = "Disposer de capacités d'organisation et d'autonomie"
MANAGEMENT = (
    "S'intéresser au management des entreprises et à leur environnement économique et juridique"
)
CODES_PRO = "Être capable d'adopter des comportements et des codes professionnels"


def questions_of(steps: list[dict]) -> list[dict]:
    return [q for step in steps for q in step["questions"]]


def always(code: str | None) -> CodeFor:
    return lambda _question: code


RATHER = always("plutot")


def make_response(
    *,
    cohort: Cohort | None,
    programme: Programme | None = None,
    code_for: CodeFor = RATHER,
    pseudonym: str = "",
    bac_track: str = "stmg",
    completed: bool = True,
) -> Response:
    """A response built like the journeys do: the questionnaire snapshot, answers chosen by
    `code_for(question)` (None skips the question), then the computed result."""
    steps = programme_questionnaire(programme=programme) if programme else discovery_questionnaire()
    answers = {}
    for question in questions_of(steps):
        code = code_for(question)
        if code is not None:
            answers[question["key"]] = code
    response = Response(
        journey=Response.Journey.PROGRAMME if programme else Response.Journey.DISCOVERY,
        programme=programme,
        programme_name=programme.name if programme else "",
        bac_track=bac_track,
        pseudonym=pseudonym,
        cohort=cohort,
        questions=steps,
        answers=answers,
    )
    if completed:
        response.apply_result(compute_result(response=response))
    response.save()
    return response


@pytest.fixture
def catalogue(db) -> dict[str, Programme]:
    """Three published programmes with real attendus, their generated items, and domains."""
    programmes = {
        "mco": make_programme(
            name="BTS management commercial opérationnel",
            sigle="MCO",
            attendus=[RELATION, NUMERIQUE, EQUIPE, ORGANISATION],
            domains=["commerce, marketing, vente/vente"],
            bac_codes=["stmg", "general", "pro"],
        ),
        "cg": make_programme(
            name="BTS comptabilité et gestion",
            sigle="CG",
            attendus=[MANAGEMENT, ORGANISATION, NUMERIQUE],
            domains=["gestion, administration des entreprises/comptabilité"],
            bac_codes=["stmg", "general"],
        ),
        "sam": make_programme(
            name="BTS support à l'action managériale",
            sigle="SAM",
            attendus=[CODES_PRO, EQUIPE, MANAGEMENT],
            domains=["gestion, administration des entreprises/secrétariat"],
            bac_codes=["stmg", "pro"],
        ),
    }
    sync_items()
    sync_interests()
    give_fields(programmes["mco"], "vente", "chiffres")
    give_fields(programmes["cg"], "chiffres")
    give_fields(programmes["sam"], "bureau-droit", "chiffres")
    for programme in programmes.values():
        assert programme_questionnaire(programme=programme), programme.name
    return programmes


def _staff(username: str, group: str | None = None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=None, is_staff=True, first_name=username.title(), **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def cohort_a(db) -> Cohort:
    return Cohort.objects.create(name="Terminale STMG 2 — lycée A")


@pytest.fixture
def cohort_b(db) -> Cohort:
    return Cohort.objects.create(name="Première STMG 1 — lycée B")


@pytest.fixture
def anonymous(db) -> Client:
    return _client()


@pytest.fixture
def counsellor_a(cohort_a) -> Client:
    user = _staff("conseillere-a", COUNSELLOR_GROUP)
    cohort_a.counsellors.add(user)
    return _client(user)


@pytest.fixture
def counsellor_b(cohort_b) -> Client:
    user = _staff("conseiller-b", COUNSELLOR_GROUP)
    cohort_b.counsellors.add(user)
    return _client(user)


@pytest.fixture
def editor(db) -> Client:
    return _client(_staff("redacteur", EDITOR_GROUP))


@pytest.fixture
def superuser(db) -> Client:
    return _client(_staff("admin", is_superuser=True))


@pytest.fixture
def response_a(catalogue, cohort_a) -> Response:
    """A completed "Suis-je fait pour ce BTS ?" response of cohort A."""
    return make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="Léa")


@pytest.fixture
def response_b(catalogue, cohort_b) -> Response:
    return make_response(cohort=cohort_b, programme=catalogue["cg"], pseudonym="Yanis")


@pytest.fixture
def student(response_a) -> Client:
    """The lycéen of `response_a`: no account, only the private link (`client.response`)."""
    client = _client()
    client.response = response_a
    return client


@pytest.fixture
def personas(anonymous, student, counsellor_a, counsellor_b, editor, superuser) -> dict:
    return {
        "anonymous": anonymous,
        "student": student,
        "counsellor_a": counsellor_a,
        "counsellor_b": counsellor_b,
        "editor": editor,
        "superuser": superuser,
    }
