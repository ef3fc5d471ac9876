"""The fiche_text filter turns plain fiche text into escaped paragraphs and lists."""

from django.template import Context, Template

from programmes.templatetags.fiche_text import fiche_text


def test_blank_lines_separate_paragraphs():
    assert fiche_text("Premier paragraphe.\n\nSecond paragraphe.") == (
        "<p>Premier paragraphe.</p>\n<p>Second paragraphe.</p>"
    )


def test_single_line_breaks_stay_inside_the_paragraph():
    assert fiche_text("Ligne un\nligne deux") == "<p>Ligne un<br>ligne deux</p>"


def test_dash_lines_become_a_real_list():
    html = fiche_text("Le BTS prépare à :\n- la gestion\n- la comptabilité\n\nFin.")
    assert html == (
        "<p>Le BTS prépare à :</p>\n"
        "<ul><li>la gestion</li><li>la comptabilité</li></ul>\n"
        "<p>Fin.</p>"
    )


def test_a_bullet_whose_text_is_on_the_next_line_is_one_item():
    html = fiche_text("-\n    Disposer de compétences\n- \n    Aimer le travail en équipe")
    assert html == "<ul><li>Disposer de compétences</li><li>Aimer le travail en équipe</li></ul>"


def test_an_indented_line_continues_its_bullet():
    assert fiche_text("- un long\n  item") == "<ul><li>un long item</li></ul>"


def test_indentation_and_windows_line_endings_are_ignored():
    html = fiche_text("            Paragraphe indenté.\r\n\r\n   - item\r\n")
    assert html == "<p>Paragraphe indenté.</p>\n<ul><li>item</li></ul>"


def test_html_in_the_text_is_escaped():
    html = fiche_text("<script>alert(1)</script>\n- <b>gras</b> & co")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<li>&lt;b&gt;gras&lt;/b&gt; &amp; co</li>" in html


def test_a_dash_inside_a_word_or_number_is_not_a_bullet():
    assert fiche_text("-5 °C en hiver") == "<p>-5 °C en hiver</p>"


def test_empty_text_renders_nothing():
    assert fiche_text("") == ""
    assert fiche_text(None) == ""
    assert fiche_text("\n\n  \n") == ""


def test_the_filter_works_in_a_template_with_autoescape():
    template = Template("{% load fiche_text %}{{ text|fiche_text }}")
    html = template.render(Context({"text": "A <i>\n\n- b"}))
    assert html == "<p>A &lt;i&gt;</p>\n<ul><li>b</li></ul>"
