from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Catalogue des BTS")

    def ready(self) -> None:
        from programmes.versioning import connect_receivers

        connect_receivers()
