"""The history pages show, for a changed text, what changed word by word (admin_tools.word_diff):
removed words in <del>, added ones in <ins>, each announced to screen readers, all escaped."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from django.urls import reverse

from orientation.config.admin_tools import MAX_DIFF_TOKENS, word_diff
from orientation.models import Dimension, Item
from tests.backoffice.conftest import RELATION

# --- word_diff ---------------------------------------------------------------------------------


def tokens_of(text: str) -> list[str]:
    """Words and punctuation runs, as word_diff compares them (white space aside)."""
    return re.findall(r"\w+|[^\w\s]+", text)


def old_words(diff: list[tuple[str, str]]) -> list[str]:
    return tokens_of("".join(text for kind, text in diff if kind != "insert"))


def new_words(diff: list[tuple[str, str]]) -> list[str]:
    return tokens_of("".join(text for kind, text in diff if kind != "delete"))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Je sais coder", "Je sais coder", [("equal", "Je sais coder")]),
        (
            "le chat noir dort",
            "le chien blanc dort",
            [
                ("equal", "le "),
                ("delete", "chat noir"),
                ("insert", "chien blanc"),
                ("equal", " dort"),
            ],
        ),
        ("a b c", "a c", [("equal", "a "), ("delete", "b "), ("equal", "c")]),
        (
            "Je sais accueillir un client.",
            "Je sais accueillir un client, et l'écouter.",
            [
                ("equal", "Je sais accueillir un client"),
                ("insert", ", et l'écouter"),
                ("equal", "."),
            ],
        ),
        ("", "Nouveau texte", [("insert", "Nouveau texte")]),
        ("Ancien texte", "", [("delete", "Ancien texte")]),
        # Removed words at the end take the space before them: each side reads whole.
        (
            "l'écouter avec attention",
            "l'écouter",
            [("equal", "l'écouter"), ("delete", " avec attention")],
        ),
        ("", "", []),
        # Line breaks are kept (the template turns them into <br>).
        (
            "Un.\n\nDeux trois",
            "Un.\n\nDeux 3",
            [("equal", "Un.\n\nDeux "), ("delete", "trois"), ("insert", "3")],
        ),
    ],
)
def test_word_diff(old, new, expected):
    assert word_diff(old=old, new=new) == expected


def test_word_diff_gives_back_both_texts_word_for_word():
    """Deterministic fuzzing: random edits of a French sentence, accents and punctuation."""
    vocabulary = [
        "je",
        "sais",
        "travailler",
        "en",
        "équipe",
        ",",
        "l'",
        "écoute",
        ".",
        "«",
        "projet",
        "»",
        "de",
        "la",
        "et",
        "un",
        "client",
        ";",
        "œuvre",
    ]
    rng = random.Random(20261203)
    for _ in range(300):
        old = " ".join(rng.choices(vocabulary, k=rng.randint(0, 25)))
        words = old.split()
        for _edit in range(rng.randint(1, 4)):
            position = rng.randint(0, len(words))
            action = rng.choice(["insert", "delete", "replace"])
            if action == "insert" or not words:
                words.insert(position, rng.choice(vocabulary))
            elif action == "delete":
                words.pop(min(position, len(words) - 1))
            else:
                words[min(position, len(words) - 1)] = rng.choice(vocabulary)
        new = "\n".join(words) if rng.random() < 0.2 else " ".join(words)
        diff = word_diff(old=old, new=new)
        assert old_words(diff) == tokens_of(old) and new_words(diff) == tokens_of(new), (old, new)
        assert all(text for _kind, text in diff)
        assert all(a[0] != b[0] for a, b in itertools.pairwise(diff))  # runs merged


def test_one_word_changed_in_a_long_text_is_one_word_marked():
    """Words frequent in a long text (« de », « , ») still anchor the diff (no autojunk)."""
    sentence = (
        "Le titulaire de ce BTS travaille en équipe, de façon autonome, au sein de l'entreprise. "
    )
    old = sentence * 40
    new = old.replace("autonome", "responsable", 1)
    diff = word_diff(old=old, new=new)
    assert [(kind, text) for kind, text in diff if kind != "equal"] == [
        ("delete", "autonome"),
        ("insert", "responsable"),
    ]


def test_a_text_too_long_to_diff_is_shown_removed_then_added():
    old = "mot " * MAX_DIFF_TOKENS
    assert word_diff(old=old, new="court") == [("delete", old), ("insert", "court")]


# --- The history page --------------------------------------------------------------------------


def history_html(client, item: Item) -> str:
    response = client.get(reverse("admin:orientation_item_history", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def relation_item(catalogue) -> Item:
    return Item.objects.filter(attendus__text=RELATION).order_by("attendu_links__position").first()


def test_the_history_marks_removed_and_added_words_for_screen_readers_too(editor, relation_item):
    relation_item.statement = "Je sais accueillir un client et l'écouter avec attention"
    relation_item.save()
    relation_item.statement = "Je sais accueillir un nouveau client et l'écouter"
    relation_item.save()
    html = history_html(editor, relation_item)
    assert (
        '<ins class="history-added"><span class="visually-hidden">ajouté : </span>nouveau '
        '<span class="visually-hidden"> (fin de l\'ajout) </span></ins>'
    ) in html
    assert (
        '<del class="history-removed"><span class="visually-hidden">supprimé : </span>'
        " avec attention"
    ) in html
    assert "l&#x27;écouter<del" in html  # the space before the removed words goes with them
    # Unchanged words are plain text between the marks, not repeated.
    assert "Je sais accueillir un <ins" in html
    # The whole texts, before and after, stay one click away.
    assert "<summary>Textes entiers, avant et après</summary>" in html
    assert '<del class="history-old">Je sais accueillir un client et l&#x27;écouter avec' in html
    assert not re.search(r"\sstyle=", html)


def test_a_text_change_never_injects_markup(editor, relation_item):
    before = relation_item.statement
    relation_item.statement = before + ' <script>alert("x")</script> <b>gras</b>'
    relation_item.save()
    html = history_html(editor, relation_item)
    assert "<script>alert" not in html and "<b>gras" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html


def test_line_breaks_of_a_long_text_are_kept(editor, catalogue):
    dimension = Dimension.objects.get(slug="travail-equipe")
    dimension.advice = "Premier paragraphe.\n\nSecond paragraphe, à revoir."
    dimension.save()
    dimension.advice = "Premier paragraphe.\n\nSecond paragraphe, revu."
    dimension.save()
    html = editor.get(reverse("admin:orientation_dimension_history", args=[dimension.pk]))
    html = html.content.decode()
    assert "Premier paragraphe.<br><br>Second paragraphe, <del" in html


def test_fields_that_are_not_text_keep_before_and_after(editor, relation_item):
    relation_item.is_active = not relation_item.is_active
    relation_item.save()
    html = history_html(editor, relation_item)
    assert '<dd><del class="history-old">' in html
    assert "history-added" not in html and "history-removed" not in html
