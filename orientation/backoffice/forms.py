"""Forms of the back office's own pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orientation.config.admin_tools import NewlineNormalisedField
from orientation.models import CounsellorNote


class NoteForm(forms.ModelForm):
    """A note's text, new or edited. Lines end in LF (a browser sends CR LF), so saving a note
    nobody changed is not an edit; the messages say what to do, in French."""

    class Meta:
        model = CounsellorNote
        fields = ["text"]
        field_classes = {"text": NewlineNormalisedField}
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "cols": 40})}
        labels = {"text": _("Nouvelle note")}
        help_texts = {"text": _("2 000 caractères au plus.")}
        error_messages = {
            "text": {
                "required": _("La note est vide : écrivez quelques mots avant d'enregistrer."),
                "max_length": _(
                    "La note est trop longue : %(limit_value)d caractères au plus "
                    "(elle en compte %(show_value)d). Raccourcissez-la."
                ),
            }
        }


class EditNoteForm(NoteForm):
    """The same text, edited in place on the response page: its own prefix, so that its field
    never shares an id with the new-note form shown on the same page."""

    prefix = "modifier"

    class Meta(NoteForm.Meta):
        labels = {"text": _("Modifier la note")}
