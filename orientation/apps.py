from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    # This module holds two configs (see CapBTSAdminConfig): "orientation" means this one.
    default = True
    name = "orientation"
    verbose_name = _("Auto-évaluation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from orientation.config.middleware import start_staff_clock

        # The staff session clock starts at sign-in, whatever signs in (the admin form,
        # force_login in tests): see orientation.config.middleware.staff_session_limits.
        def on_login(sender, request, user, **kwargs) -> None:
            if request is not None and hasattr(request, "session"):
                start_staff_clock(session=request.session)

        user_logged_in.connect(on_login, dispatch_uid="capbts-staff-session-clock")

        from orientation.catalogue import connect_receivers

        connect_receivers()

        from django.db import connections
        from django.db.backends.signals import connection_created

        from orientation.config.admin_tools import on_connection_created, register_sqlite_fold

        # The admin's accent-insensitive search calls capbts_fold() in SQLite's SQL: every new
        # connection gets it, and so does any opened before this app was ready.
        connection_created.connect(on_connection_created, dispatch_uid="capbts-sqlite-fold")
        for connection in connections.all(initialized_only=True):
            register_sqlite_fold(connection=connection)


class CapBTSAdminConfig(admin_apps.AdminConfig):
    """Django's admin app with the project's site (titles, guarded links, optional 2FA)."""

    default = False
    default_site = "orientation.config.admin_site.CapBTSAdminSite"
