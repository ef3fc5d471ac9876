"""URLs of the student journeys (namespace "orientation")."""

from django.urls import path

from orientation import views
from orientation.private_links import PRIVATE_PREFIX as R

app_name = "orientation"

urlpatterns = [
    path("questionnaire/<slug:slug>/", views.start_programme, name="start_programme"),
    path("decouverte/", views.start_discovery, name="start_discovery"),
    path(f"{R}<str:token>/", views.response_detail, name="response"),
    path(f"{R}<str:token>/etape/<int:number>/", views.step, name="step"),
    path(f"{R}<str:token>/modifier/", views.edit_response, name="edit"),
    path(f"{R}<str:token>/supprimer/", views.delete_response, name="delete"),
    path(f"{R}<str:token>/mes-donnees.json", views.export_response, name="export"),
]
