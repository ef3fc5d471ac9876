"""Admin actions shared by the back office's lists, kept apart from the ModelAdmins that list
them (the responses list is `ResponseAdmin.actions = [..., export_xlsx]`)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from orientation.backoffice import export
from orientation.models import Response


@admin.action(description=_("Exporter les réponses sélectionnées (Excel)"), permissions=["export"])
def export_xlsx(modeladmin, request, queryset):
    """The selected responses as an .xlsx (export.xlsx_response). The ModelAdmin needs
    `has_export_permission`, as for the CSV action."""
    # By primary key, among the responses the user may see: the changelist's queryset carries
    # its own annotations, and ids posted by hand must not reach another cohort.
    responses = Response.objects.visible_to(request.user).filter(pk__in=queryset.values("pk"))
    if not responses.exists():
        modeladmin.message_user(request, _g("Aucune réponse à exporter."), messages.WARNING)
        return None
    return export.xlsx_response(
        responses,
        filename=export.export_filename(extension="xlsx"),
        with_notes=request.user.has_perm("orientation.view_counsellornote"),
    )
