"""Forms of the two journeys: the start page and each questionnaire step."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from orientation.models import Cohort, normalise_cohort_code
from orientation.scoring import ANSWER_OPTIONS
from programmes.bac_tracks import BAC_TRACK_CHOICES

ANSWER_CHOICES = [(option.code, option.label) for option in ANSWER_OPTIONS]
QUESTION_KEY = re.compile(r"^[qdi]\d+$")


class StartForm(forms.Form):
    """Start of "Suis-je fait pour ce BTS ?": nothing is required."""

    bac_track = forms.ChoiceField(
        label=_("Ton bac (facultatif)"),
        help_text=_("Pour te suggérer des BTS ouverts à ton bac."),
        choices=[("", _("Je préfère ne pas le dire")), *BAC_TRACK_CHOICES],
        required=False,
    )
    pseudonym = forms.CharField(
        label=_("Un pseudonyme (facultatif)"),
        help_text=_("Pas ton nom : un surnom suffit pour te reconnaître. 40 caractères au plus."),
        max_length=40,
        required=False,
    )
    cohort_code = forms.CharField(
        label=_("Code de cohorte (facultatif)"),
        help_text=_(
            "Seulement si ton conseiller ou ta conseillère te l'a donné : il ou elle verra alors "
            "tes réponses et ton résultat. Sans code, personne d'autre que toi ne les voit."
        ),
        max_length=20,
        required=False,
    )

    def clean_pseudonym(self) -> str:
        value = " ".join(self.cleaned_data["pseudonym"].split())
        if "@" in value:
            raise forms.ValidationError(
                _("N'indique pas d'adresse e-mail : un simple surnom suffit.")
            )
        return value

    def clean_cohort_code(self) -> Cohort | None:
        raw = normalise_cohort_code(self.cleaned_data["cohort_code"])
        if not raw:
            return None
        cohort = Cohort.objects.filter(code=raw).first()
        if cohort is None:
            raise forms.ValidationError(
                _("Ce code ne correspond à aucune cohorte. Vérifie-le auprès de ton conseiller.")
            )
        if not cohort.accepts_responses:
            raise forms.ValidationError(
                _("Cette cohorte est fermée : elle n'accepte plus de nouvelles réponses.")
            )
        return cohort


class DiscoveryStartForm(StartForm):
    """Start of "Quels BTS me correspondent ?": the bac is needed to rank programmes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bac_track"]
        field.required = True
        field.label = _("Ton bac (ou celui que tu prépares)")
        field.help_text = _("Le classement signale les BTS ouverts à ton bac.")
        field.choices = [("", _("Choisis ton bac")), *BAC_TRACK_CHOICES]


class TamperedStep(Exception):
    """The POST carries questions that this step did not ask."""


class StepForm(forms.Form):
    """One step: a radio group per question, each answer optional (skipping is allowed)."""

    def __init__(self, *args, questions: Sequence[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question["key"]] = forms.ChoiceField(
                label=question["statement"],
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": _("Cette réponse n'existe pas.")},
            )

    def check_untampered(self) -> None:
        """Raise TamperedStep if the POST answers questions this step does not ask."""
        asked = {q["key"] for q in self.questions}
        extra = {key for key in self.data if QUESTION_KEY.match(key) and key not in asked}
        if extra:
            raise TamperedStep(sorted(extra))

    def answered(self) -> dict[str, str]:
        """Answer codes given on this step (skipped questions left out)."""
        return {key: code for key, code in self.cleaned_data.items() if code}

    def rows(self) -> list[tuple[dict, forms.BoundField]]:
        return [(q, self[q["key"]]) for q in self.questions]
