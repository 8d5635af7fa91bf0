"""Uploaded images: the content decides the type, size and pixels are capped, names are random."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.images import random_upload_name, validate_image

MB = 1024 * 1024


def image_file(name: str = "logo.png", image_format: str = "PNG", size: tuple[int, int] = (8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("name", "image_format"),
    [("logo.png", "PNG"), ("logo.jpg", "JPEG"), ("logo.webp", "WEBP"), ("logo.gif", "GIF")],
    ids=["png", "jpeg", "webp", "gif"],
)
def test_validate_image_accepts_a_small_real_image(name, image_format):
    upload = image_file(name, image_format)

    validate_image(upload, max_bytes=MB, max_pixels=10_000)

    assert upload.tell() == 0  # left where it was, ready to be stored


@pytest.mark.parametrize(
    "content",
    [b"just some notes, not a picture\n", b"<html><script>alert(1)</script></html>", b""],
    ids=["text", "html", "empty"],
)
def test_validate_image_rejects_other_content_named_png(content):
    upload = SimpleUploadedFile("logo.png", content, content_type="image/png")

    with pytest.raises(ValidationError) as error:
        validate_image(upload, max_bytes=MB, max_pixels=10_000)

    assert error.value.messages == ["This file is not an image we can read (PNG, JPEG, WebP or GIF)."]


def test_validate_image_rejects_a_real_image_of_another_format():
    upload = image_file("logo.png", "BMP")

    with pytest.raises(ValidationError) as error:
        validate_image(upload, max_bytes=MB, max_pixels=10_000)

    assert error.value.messages == ["Upload a PNG, JPEG, WebP or GIF image."]


def test_validate_image_rejects_over_the_byte_cap():
    padded = image_file().read() + b"\0" * (2 * MB)  # a real PNG, followed by bytes readers ignore
    upload = SimpleUploadedFile("logo.png", padded, content_type="image/png")

    with pytest.raises(ValidationError) as error:
        validate_image(upload, max_bytes=2 * MB, max_pixels=10_000)

    assert error.value.messages == ["The image is larger than 2 MB."]


def test_validate_image_accepts_exactly_the_byte_and_pixel_caps():
    upload = image_file(size=(10, 10))

    assert validate_image(upload, max_bytes=upload.size, max_pixels=100) is None  # no ValidationError


def test_validate_image_rejects_over_the_pixel_cap():
    upload = image_file(size=(101, 100))

    with pytest.raises(ValidationError) as error:
        validate_image(upload, max_bytes=MB, max_pixels=10_000)

    assert error.value.messages == ["The image has too many pixels (at most 10,000)."]


@pytest.mark.parametrize(
    ("filename", "suffix"),
    [
        ("Maria Rossi - CV 2031.png", "png"),
        ("../../etc/passwd.jpg", "jpg"),
        ("holiday.JPEG", "jpeg"),
        ("<script>alert(1)</script>.gif", "gif"),
        ("invoice.pdf.exe", "bin"),
        ("no-extension", "bin"),
    ],
    ids=["spaces", "traversal", "upper-case", "markup", "wrong-type", "no-suffix"],
)
def test_random_upload_name_never_contains_the_uploaders_file_name(filename, suffix):
    name = random_upload_name("logos", filename)

    assert re.fullmatch(rf"logos/[0-9a-f]{{32}}\.{suffix}", name), name
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    assert stem.lower() not in name.lower()


def test_random_upload_name_differs_each_time():
    assert random_upload_name("logos", "a.png") != random_upload_name("logos", "a.png")
