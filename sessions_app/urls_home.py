from django.urls import path

from sessions_app.views import home

urlpatterns = [
    path("", home.home, name="home"),
]
