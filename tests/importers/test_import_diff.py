"""How a conflict's two values are shown: whole, side by side, the differing words marked."""

from __future__ import annotations

from orientation.config.admin_tools import MAX_DIFF_TOKENS
from programmes.importers.diff import Segment, conflict_sides, shown_value, word_diff


def marked(segments: tuple[Segment, ...]) -> str:
    return "".join(f"[{s.text}]" if s.changed else s.text for s in segments)


def test_only_the_words_that_differ_are_marked_on_each_side():
    sides = word_diff(
        ours="Le BTS forme des assistants de production.",
        theirs="Le BTS forme des chargés de production audiovisuelle.",
    )
    assert marked(sides.ours) == "Le BTS forme des [assistants] de production."
    assert marked(sides.theirs) == "Le BTS forme des [chargés] de production[ audiovisuelle]."


def test_neighbouring_changed_words_are_marked_as_one_phrase():
    sides = word_diff(ours="un texte très ancien ici", theirs="un écrit tout neuf ici")
    assert marked(sides.ours) == "un [texte très ancien] ici"
    assert marked(sides.theirs) == "un [écrit tout neuf] ici"


def test_both_texts_are_kept_whole_with_their_line_breaks():
    ours = "Premier paragraphe.\n\nSecond paragraphe, " + "très long " * 300
    theirs = "Premier paragraphe.\n\nSecond paragraphe modifié."
    sides = word_diff(ours=ours, theirs=theirs)
    assert "".join(s.text for s in sides.ours) == ours
    assert "".join(s.text for s in sides.theirs) == theirs
    assert sides.ours[0] == Segment("Premier paragraphe.\n\nSecond paragraphe", False)


def test_values_too_long_to_compare_are_still_shown_whole():
    ours, theirs = "a " * MAX_DIFF_TOKENS, "b " * MAX_DIFF_TOKENS
    sides = word_diff(ours=ours, theirs=theirs)
    assert sides.ours == (Segment(ours, True),) and sides.theirs == (Segment(theirs, True),)


def test_list_fields_are_shown_one_item_a_line_as_staff_read_them():
    attendus = [["Aimer le contact", "Intérêts"], ["Savoir s'organiser", ""]]
    assert shown_value(field="attendus", value=attendus) == (
        "Intérêts : Aimer le contact\nSavoir s'organiser"
    )
    metiers = [["technicien/ne d'essais", "MET.1"], ["monteur", ""]]
    assert shown_value(field="metiers", value=metiers) == "technicien/ne d'essais\nmonteur"
    assert shown_value(field="domains", value=["arts, culture/audiovisuel"]) == (
        "arts, culture › audiovisuel"
    )
    assert shown_value(field="bac_tracks", value=["stmg"]) == "Bac technologique STMG"
    assert shown_value(field="description", value=None) == ""


def test_an_attendu_added_by_onisep_is_the_line_marked():
    sides = conflict_sides(
        field="attendus",
        current=[["Aimer le contact", ""]],
        incoming=[["Aimer le contact", ""], ["Savoir compter", ""]],
    )
    assert marked(sides.ours) == "Aimer le contact"
    assert marked(sides.theirs) == "Aimer le contact[\nSavoir compter]"
