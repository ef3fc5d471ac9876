from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    name = "orientation"
    verbose_name = _("Auto-évaluation")
