"""Counters of the submission rate limit (`orientation.ratelimit`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionCounter(models.Model):
    """POSTs of one client in one minute, for the submission rate limit (orientation.ratelimit).

    The client is a keyed hash of its address, never the address itself; rows older than the
    previous minute are deleted as new minutes start.
    """

    key = models.CharField(
        _("clé"), max_length=80, unique=True, help_text=_("Empreinte du client et minute.")
    )
    window_start = models.BigIntegerField(
        _("minute"), db_index=True, help_text=_("Numéro de la minute (secondes Unix ÷ 60).")
    )
    hits = models.PositiveIntegerField(_("envois"), default=0)

    class Meta:
        ordering = ["-window_start"]
        verbose_name = _("compteur d'envois")
        verbose_name_plural = _("compteurs d'envois")

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
