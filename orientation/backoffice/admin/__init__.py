"""The back office's admin classes, one module per subject; importing the package registers them
(orientation/admin.py does, for Django's admin autodiscovery)."""

from orientation.backoffice.admin import cohorts, content, responses, staff

__all__ = ["cohorts", "content", "responses", "staff"]
