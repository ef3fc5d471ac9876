from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.home, name="home"),
    path("formations/", views.catalogue, name="catalogue"),
    path("formations/<slug:slug>/", views.detail, name="detail"),
]
