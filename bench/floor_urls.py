"""F0: the trivial view alone (served with bench.floor_settings, which has no middleware)."""

from django.urls import path

from bench import views

urlpatterns = [path("bench/trivial/", views.trivial, name="bench_trivial")]
