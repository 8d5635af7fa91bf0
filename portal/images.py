"""Uploaded images: type sniffed from the content, size and pixels capped, stored under random names."""

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}


def random_upload_name(folder: str, filename: str, file=None) -> str:
    """A random name: the uploader's file name is never used on disk or in URLs. Its suffix says what
    the content is (sniffed when the file is given), which is what the media view serves it as."""
    suffix = _sniffed_suffix(file) if file is not None else None
    if suffix is None:
        suffix = PurePath(filename).suffix.lower().lstrip(".")
        suffix = suffix if suffix in ALLOWED_FORMATS.values() or suffix == "jpeg" else "bin"
    return f"{folder}/{secrets.token_hex(16)}.{suffix}"


def _sniffed_suffix(file) -> str | None:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            return ALLOWED_FORMATS.get(image.format)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(position)


def validate_image(file, *, max_bytes: int, max_pixels: int) -> None:
    if file.size > max_bytes:
        raise ValidationError(_("The image is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not an image we can read (PNG, JPEG, WebP or GIF).")) from None
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."))
    if width * height > max_pixels:
        raise ValidationError(_("The image has too many pixels (at most %(n)s).") % {"n": f"{max_pixels:,}"})
