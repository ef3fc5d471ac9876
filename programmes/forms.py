"""Forms of the catalogue (public GET filters) and of the staff admin."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from programmes.models import Attendu, BacTrack, Domain, Programme
from programmes.text import attendu_key

SEARCH_MAX_LENGTH = 100


class PlainSelect(forms.Select):
    """A select rendered in Python: Django's default renders one template per <option>, a
    quarter of the catalogue page's time for three small lists. Same markup, same attributes
    (aria-describedby, aria-invalid), flat choices only."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == selected else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class PlainInput(forms.TextInput):
    """A text input rendered in Python, for the same reason as PlainSelect: one template per
    input costs more than the rest of the search box's markup. Same markup as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        final = {"type": self.input_type, "name": name}
        value = self.format_value(value)
        if value is not None:
            final["value"] = value
        final.update(self.build_attrs(self.attrs, attrs))
        return format_html("<input{}>", flatatt(final))


class SharedChoices(BaseChoiceIterator):
    """Choices built once and shared by every form that offers them. Django deep-copies a
    field's choices for every form it builds; these are never changed once built, so every
    copy is the same object."""

    def __init__(self, choices: Iterable[tuple[str, object]]) -> None:
        self.choices = tuple(normalize_choices(list(choices)))

    def __iter__(self):
        return iter(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


@dataclass(frozen=True)
class CatalogueChoices:
    """The catalogue form's lists of bacs and domains."""

    bac: SharedChoices
    domaine: SharedChoices

    @classmethod
    def of(cls, *, bac_tracks: Iterable[BacTrack], domains: Iterable[Domain]) -> CatalogueChoices:
        return cls(
            bac=SharedChoices(
                [("", _("Tous les bacs")), *((track.code, track.label) for track in bac_tracks)]
            ),
            domaine=SharedChoices(
                [
                    ("", _("Tous les domaines")),
                    *((domain.slug, capfirst(domain.name)) for domain in domains),
                ]
            ),
        )


class CatalogueFilterForm(forms.Form):
    """Search and filters of /formations/, read from the query string.

    Every field is optional. An invalid value (unknown bac, domain or type, a search that is
    too long) becomes a French error on its field; the view then ignores that filter only.
    Choices are passed in by the caller so that the page controls its queries (and builds them
    once per catalogue version).
    """

    q = forms.CharField(
        label=_("Rechercher une formation"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Un nom, un sigle, un métier ou un domaine (ex. « SIO », « cuisinier »)."),
        error_messages={
            "max_length": _("La recherche est trop longue : %(limit_value)d caractères au plus."),
        },
        widget=PlainInput(attrs={"type": "search", "autocomplete": "off", "class": "form-control"}),
    )
    bac = forms.ChoiceField(
        label=_("Ton bac"),
        required=False,
        widget=PlainSelect(attrs={"class": "form-select"}),
        error_messages={
            "invalid_choice": _("Ce bac n'est pas dans la liste : le filtre « bac » est ignoré.")
        },
    )
    domaine = forms.ChoiceField(
        label=_("Domaine"),
        required=False,
        widget=PlainSelect(attrs={"class": "form-select"}),
        error_messages={
            "invalid_choice": _(
                "Ce domaine n'est pas dans la liste : le filtre « domaine » est ignoré."
            )
        },
    )
    type = forms.ChoiceField(
        label=_("Type de diplôme"),
        required=False,
        choices=SharedChoices([("", _("BTS et BTSA")), *Programme.Kind.choices]),
        widget=PlainSelect(attrs={"class": "form-select"}),
        error_messages={
            "invalid_choice": _("Ce type n'existe pas : le filtre « type » est ignoré.")
        },
    )

    # Django adds aria-invalid and aria-describedby (help text, errors) on its own.

    def __init__(self, data=None, *, choices: CatalogueChoices, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["bac"].choices = choices.bac
        self.fields["domaine"].choices = choices.domaine

    def filters(self) -> dict[str, str]:
        """The valid, non-empty values, even when other fields are invalid."""
        if not self.is_bound:
            return {}
        self.is_valid()  # fills cleaned_data with the fields that validated
        return {
            name: value.strip() if name == "q" else value
            for name, value in self.cleaned_data.items()
            if value and (name != "q" or value.strip())
        }


class AttenduAdminForm(forms.ModelForm):
    """Staff edit of an attendu: the normalisation key follows the text and stays unique."""

    class Meta:
        model = Attendu
        fields = ["text"]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        key = attendu_key(text)
        if not key:
            raise forms.ValidationError(_("Le texte de l'attendu est vide."))
        if len(key) > Attendu._meta.get_field("text_key").max_length:
            raise forms.ValidationError(_("Ce texte est trop long pour un attendu."))
        clash = Attendu.objects.filter(text_key=key).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise forms.ValidationError(
                _("Cet attendu existe déjà (n° %(pk)s) : « %(text)s »."),
                params={"pk": clash.pk, "text": clash.text},
                code="duplicate",
            )
        return text

    def save(self, commit: bool = True) -> Attendu:
        if "text" in self.cleaned_data:  # absent when the text is read-only (editors)
            self.instance.text_key = attendu_key(self.cleaned_data["text"])
        return super().save(commit=commit)
