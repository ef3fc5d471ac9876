"""Benchmark-only URLs, included by orientation/urls.py only when CAPBTS_BENCH_ENDPOINTS=1.

`/_bench/bare/` is the smallest page Django can serve through the site's whole middleware
stack (sessions, CSRF, CSP, axes…) and no database query: `make bench` compares the real
pages' throughput with it, on the same gunicorn.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("_bench/bare/", bare, name="bench_bare")]
