"""The Celery application: configured from Django settings (CELERY_*), tasks found in each app."""

import os

from celery import Celery

from portal.settings.env import settings_module

os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
