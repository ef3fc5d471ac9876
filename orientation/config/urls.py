"""Root URLs."""

from django.contrib import admin
from django.urls import include, path

from orientation import pages
from orientation.config.env import env_bool

handler400 = "orientation.pages.bad_request"
handler500 = "orientation.pages.server_error"

urlpatterns = [
    path("", include("programmes.urls")),
    path("", include("orientation.urls")),
    path("confidentialite/", pages.privacy, name="privacy"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
    path("admin/", admin.site.urls),
]

# Never in production: a bare view for `make bench` (see orientation/config/bench_urls.py).
if env_bool("CAPBTS_BENCH_ENDPOINTS"):
    urlpatterns.append(path("", include("orientation.config.bench_urls")))
