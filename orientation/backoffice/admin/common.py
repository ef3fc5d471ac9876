"""Constants the back-office admin modules share."""

from __future__ import annotations

BACKOFFICE_CSS = ["css/bands.css", "orientation/backoffice.css"]
