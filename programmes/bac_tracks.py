"""The bac tracks a programme can be open to: the fixed reference list."""

from django.utils.translation import gettext_lazy as _

# (code, label, family). Codes are stable: they appear in URLs and in stored answers.
BAC_TRACKS: list[tuple[str, str, str]] = [
    ("general", _("Bac général"), "general"),
    ("stmg", _("Bac technologique STMG"), "techno"),
    ("sti2d", _("Bac technologique STI2D"), "techno"),
    ("stl", _("Bac technologique STL"), "techno"),
    ("st2s", _("Bac technologique ST2S"), "techno"),
    ("std2a", _("Bac technologique STD2A"), "techno"),
    ("sthr", _("Bac technologique STHR"), "techno"),
    ("stav", _("Bac technologique STAV"), "techno"),
    ("s2tmd", _("Bac technologique S2TMD"), "techno"),
    ("pro", _("Bac professionnel"), "pro"),
    ("mise-a-niveau", _("Année de mise à niveau"), "other"),
]

TECHNO_SERIES: list[str] = [code for code, _label, family in BAC_TRACKS if family == "techno"]
# (code, label) pairs for a form's choices, and each code's label: derived, never written again.
BAC_TRACK_CHOICES: list[tuple[str, str]] = [(code, label) for code, label, _family in BAC_TRACKS]
BAC_TRACK_LABELS: dict[str, str] = dict(BAC_TRACK_CHOICES)


def bac_track_label(code: str) -> str:
    """The label of a bac code as stored in a response ("" stays "", an unknown code as is)."""
    return str(BAC_TRACK_LABELS.get(code, code))
