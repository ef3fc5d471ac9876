"""The French catalogue applies French plural rules (0 and 1 take the singular)."""

from django.template import Context, Template
from django.utils import translation

COUNT = (
    "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} attendu en point fort"
    "{% plural %}{{ counter }} attendus en point fort{% endblocktranslate %}"
)


def render(n: int) -> str:
    with translation.override("fr"):
        return Template(COUNT).render(Context({"n": n}))


def test_zero_takes_the_singular_in_french():
    assert render(0) == "0 attendu en point fort"
    assert render(1) == "1 attendu en point fort"
    assert render(2) == "2 attendus en point fort"
