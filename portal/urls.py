from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import media, views

urlpatterns = [
    path("", include("sessions_app.urls_home")),
    path("", include("practices.urls")),
    path("", include("assessments.urls")),
    path("", include("sessions_app.urls")),
    path("", include("members.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
    path("dev/outbox/", views.outbox_list, name="dev_outbox"),
    path("dev/outbox/<str:name>", views.outbox_detail, name="dev_outbox_message"),
]

# Uploads, in every environment, through a view that serves images only (portal/media.py).
urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.media, name="media"))

handler404 = "portal.views.not_found"
