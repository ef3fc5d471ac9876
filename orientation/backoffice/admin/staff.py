"""Staff accounts: Django's user admin with declared lookups only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from orientation.config.admin_tools import DeclaredLookupsOnlyMixin, FoldedSearchMixin

# --- Staff accounts ----------------------------------------------------------------------------


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(FoldedSearchMixin, DeclaredLookupsOnlyMixin, UserAdmin):
    """Django's user admin, without filters on the password hash (or any undeclared field)."""
