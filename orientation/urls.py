"""Root URLs."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("programmes.urls")),
    path("admin/", admin.site.urls),
]
