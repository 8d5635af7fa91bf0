from django.conf import settings


def portal(request) -> dict:
    return {"show_dev_outbox": settings.DEBUG}
