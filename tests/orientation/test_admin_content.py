"""Staff admin of dimensions and items."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orientation import dimensions as dim
from orientation.itemgen.sync import sync_items
from orientation.models import Dimension, Item
from tests.factories import make_attendu

pytestmark = pytest.mark.django_db

EXPRESSION = (
    "Disposer de compétences en matière d'expression écrite et orale, y compris en anglais, "
    "pour communiquer et argumenter"
)


@pytest.fixture
def items():
    make_attendu(text=EXPRESSION)
    make_attendu(text="Disposer de capacités d'organisation et d'autonomie")
    sync_items()
    return Item.objects.all()


def test_staff_edit_the_advice_of_a_dimension_but_not_its_slug(admin_client):
    dimension = Dimension.objects.get(slug=dim.EQUIPE)
    url = reverse("admin:orientation_dimension_change", args=[dimension.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="slug"' not in page.content.decode()
    response = admin_client.post(
        url,
        {
            "name": "Travail en équipe",
            "description": dimension.description,
            "advice": "Propose une répartition des tâches. Fais un point d'étape.",
            "position": 4,
        },
    )
    assert response.status_code == 302
    dimension.refresh_from_db()
    assert dimension.advice == "Propose une répartition des tâches. Fais un point d'étape."
    assert dimension.slug == dim.EQUIPE


def test_the_dimension_list_counts_items(admin_client, items):
    page = admin_client.get(reverse("admin:orientation_dimension_changelist"))
    assert page.status_code == 200
    assert "Expression écrite" in page.content.decode()


def test_the_item_list_filters_by_dimension_and_searches_statements_and_attendus(
    admin_client, items
):
    url = reverse("admin:orientation_item_changelist")
    oral = Dimension.objects.get(slug=dim.EXPRESSION_ORALE)
    page = admin_client.get(url, {"dimension__id__exact": oral.pk})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == list(Item.objects.filter(dimension=oral))
    page = admin_client.get(url, {"q": "rappelle"})
    assert [i.statement for i in page.context["cl"].result_list] == [
        "Je sais organiser mon travail sans qu'on me le rappelle"
    ]
    page = admin_client.get(url, {"q": "y compris en anglais"})
    expression = Item.objects.filter(attendus__text=EXPRESSION)
    assert set(page.context["cl"].result_list) == set(expression)
    assert len(expression) >= 2


def test_the_item_list_shows_and_filters_staff_edits(admin_client, items):
    item = Item.objects.get(dimension__slug=dim.LANGUES)
    item.statement = "Je me débrouille en anglais"
    item.save()
    url = reverse("admin:orientation_item_changelist")
    page = admin_client.get(url, {"modifie": "oui"})
    assert list(page.context["cl"].result_list) == [item]
    assert 'alt="True"' in page.content.decode()
    page = admin_client.get(url, {"modifie": "non"})
    assert item not in list(page.context["cl"].result_list)
    assert len(page.context["cl"].result_list) == 3


def test_staff_can_edit_an_item_and_restore_the_generated_text(admin_client, items):
    item = Item.objects.get(dimension__slug=dim.LANGUES)
    url = reverse("admin:orientation_item_change", args=[item.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "statement": "Je me débrouille en anglais",
            "example": item.example,
            "dimension": item.dimension_id,
            "kind": item.kind,
            "is_active": "on",
            "attendu_links-TOTAL_FORMS": "0",
            "attendu_links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.statement == "Je me débrouille en anglais" and item.is_edited

    admin_client.post(
        reverse("admin:orientation_item_changelist"),
        {"action": "restore_generated", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.statement == item.generated_statement
    assert not item.is_edited
