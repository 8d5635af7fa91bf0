"""Uploaded images, served so that no upload can ever be taken for a page: only the image types we
accept, each with its own content type, no sniffing, and a sandboxing policy should a browser try."""

import posixpath
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
}
YEAR = 365 * 24 * 3600


@require_safe
def media(request: HttpRequest, path: str) -> FileResponse:
    content_type = CONTENT_TYPES.get(PurePosixPath(path).suffix.lower().lstrip("."))
    name = posixpath.normpath(path)
    if content_type is None or name.startswith(("/", "..")) or "\\" in name:
        raise Http404
    try:
        if not default_storage.exists(name):
            raise Http404
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    except SuspiciousFileOperation:  # the storage's own guard against leaving its folder
        raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    # Names are random and never reused, so a copy can be kept for good.
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
