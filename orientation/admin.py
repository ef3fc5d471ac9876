"""Django's admin autodiscovery imports this module: it registers the back office's admin
classes (orientation/backoffice/admin/)."""

from orientation.backoffice import admin as backoffice_admin

__all__ = ["backoffice_admin"]
