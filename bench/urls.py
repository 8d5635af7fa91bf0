"""The portal's URLs plus the floor F1/F1a: a trivial view behind the full middleware stack."""

from django.urls import path

from bench import views
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("bench/trivial/", views.trivial, name="bench_trivial"),
    *portal_urlpatterns,
]
