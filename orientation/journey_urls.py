"""URLs of the student journeys (namespace "orientation")."""

from django.urls import path

from orientation import views

app_name = "orientation"

urlpatterns = [
    path("questionnaire/<slug:slug>/", views.start_programme, name="start_programme"),
    path("decouverte/", views.start_discovery, name="start_discovery"),
    path("r/<str:token>/", views.response_detail, name="response"),
    path("r/<str:token>/etape/<int:number>/", views.step, name="step"),
    path("r/<str:token>/supprimer/", views.delete_response, name="delete"),
    path("r/<str:token>/mes-donnees.json", views.export_response, name="export"),
]
