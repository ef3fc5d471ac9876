"""Catalogue pages (students, no login)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from programmes.models import Programme


def home(request: HttpRequest) -> HttpResponse:
    ctx = {"programme_count": Programme.objects.published().count()}
    return render(request, "programmes/home.html", ctx)


def catalogue(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.published().order_by("name")
    ctx = {"programmes": programmes}
    return render(request, "programmes/catalogue.html", ctx)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.published(), slug=slug)
    ctx = {"programme": programme}
    return render(request, "programmes/detail.html", ctx)
