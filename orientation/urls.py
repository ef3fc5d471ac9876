"""Root URLs."""

from django.contrib import admin
from django.urls import include, path

from orientation import pages

handler400 = "orientation.pages.bad_request"
handler500 = "orientation.pages.server_error"

urlpatterns = [
    path("", include("programmes.urls")),
    path("", include("orientation.journey_urls")),
    path("confidentialite/", pages.privacy, name="privacy"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
    path("admin/", admin.site.urls),
]
