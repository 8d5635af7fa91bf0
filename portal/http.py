"""Small request helpers shared by every app's views."""

from django.http import HttpRequest


def site_url(request: HttpRequest) -> str:
    """Scheme and host of this request (``https://portal.example.org``), for links in e-mails and feeds."""
    return request.build_absolute_uri("/").rstrip("/")
