"""The back office's admin site: its titles, the guarded « Voir sur le site » and, when
CAPBTS_STAFF_TWO_FACTOR is on, a second factor (TOTP or a static code, django-otp) at sign-in.

It replaces Django's default site through `CapBTSAdminConfig.default_site` (orientation/apps.py),
so `admin.site` and `@admin.register` work as usual, with no monkeypatching.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The admin's « Voir sur le site » redirect, refused for a student's response: its URL
    holds the token, the student's only key to their answers. Django's own view would hand it
    to any staff user who guesses a response id."""
    from orientation.models import Response

    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is Response:
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)


class TwoFactorAuthenticationForm(OTPAdminAuthenticationForm):
    """Username, password and a code, in one step: six digits are the code of the user's
    authenticator app (TOTP), anything else one of their backup codes. django-otp asks for the
    device explicitly (so that a failed code counts against one device only); it is chosen here
    from the code's shape, and the device list is offered only when that is ambiguous."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        token = self.fields["otp_token"]
        token.label = _("Code de vérification")
        token.help_text = _(
            "Les 6 chiffres affichés par votre application d'authentification, ou un code de "
            "secours."
        )
        token.widget.attrs.update({"autocomplete": "one-time-code"})
        self.fields["otp_device"].label = _("Appareil")

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is not None:
            return device
        code = (self.cleaned_data.get("otp_token") or "").strip()
        kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
        candidates = list(
            kind.objects.devices_for_user(user, confirmed=True).select_for_update()[:2]
        )
        return candidates[0] if len(candidates) == 1 else None


class CapBTSAdminSite(admin.AdminSite):
    site_header = _("Cap BTS — back-office")
    site_title = _("Cap BTS")
    index_title = _("Conseil en orientation et rédaction")

    # Read at each request, so that the setting (and a test overriding it) decides.
    @property
    def login_form(self):
        if settings.CAPBTS_STAFF_TWO_FACTOR:
            return TwoFactorAuthenticationForm
        return AdminAuthenticationForm

    @property
    def login_template(self):
        if settings.CAPBTS_STAFF_TWO_FACTOR:
            return "admin/login_two_factor.html"
        return None

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        # OTPMiddleware sets is_verified(): true once the session signed in with a device.
        return not settings.CAPBTS_STAFF_TWO_FACTOR or request.user.is_verified()

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    str(pattern.pattern), self.admin_view(view_on_site), name="view_on_site"
                )
        return urls
