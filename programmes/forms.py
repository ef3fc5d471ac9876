"""Forms of the catalogue (public GET filters) and of the staff admin."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from programmes.models import Attendu, BacTrack, Domain, Programme
from programmes.querysets import in_french_order
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


def top_level_domains_with_programmes() -> list[Domain]:
    """Top-level domains holding at least one published programme, in French order."""
    return in_french_order(Domain.objects.top_level().with_published_programmes())


class CatalogueFilterForm(forms.Form):
    """Search and filters of /formations/, read from the query string.

    Every field is optional. An invalid value (unknown bac, domain or type, a search that is
    too long) becomes a French error on its field; the view then ignores that filter only.
    Choices are passed in by the caller so that the page controls its queries.
    """

    q = forms.CharField(
        label=_("Rechercher une formation"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Un nom, un sigle, un métier ou un domaine (ex. « SIO », « cuisinier »)."),
        error_messages={
            "max_length": _("La recherche est trop longue : %(limit_value)d caractères au plus."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    bac = forms.ChoiceField(
        label=_("Ton bac"),
        required=False,
        widget=PlainSelect,
        error_messages={
            "invalid_choice": _("Ce bac n'est pas dans la liste : le filtre « bac » est ignoré.")
        },
    )
    domaine = forms.ChoiceField(
        label=_("Domaine"),
        required=False,
        widget=PlainSelect,
        error_messages={
            "invalid_choice": _(
                "Ce domaine n'est pas dans la liste : le filtre « domaine » est ignoré."
            )
        },
    )
    type = forms.ChoiceField(
        label=_("Type de diplôme"),
        required=False,
        choices=[("", _("BTS et BTSA")), *Programme.Kind.choices],
        widget=PlainSelect,
        error_messages={
            "invalid_choice": _("Ce type n'existe pas : le filtre « type » est ignoré.")
        },
    )

    def __init__(
        self,
        data=None,
        *,
        bac_tracks: Iterable[BacTrack],
        domains: Iterable[Domain],
        **kwargs,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["bac"].choices = [
            ("", _("Tous les bacs")),
            *((track.code, track.label) for track in bac_tracks),
        ]
        self.fields["domaine"].choices = [
            ("", _("Tous les domaines")),
            *((domain.slug, capfirst(domain.name)) for domain in domains),
        ]
        # Django adds aria-invalid and aria-describedby (help text, errors) on its own.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

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
