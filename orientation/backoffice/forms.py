"""Forms of the back office's own pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orientation.models import CounsellorNote


class NoteForm(forms.ModelForm):
    class Meta:
        model = CounsellorNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "cols": 80})}
        labels = {"text": _("Nouvelle note")}
