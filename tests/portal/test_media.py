"""Uploads are never served as a page: stored under the type their content has, served only as images,
with no sniffing and a sandbox should a browser try anyway."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from practices.models import PracticeImage
from tests.factories.practices import PracticeFactory
from tests.portal.test_images import image_file

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def _media_on_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def store_practice_image(upload) -> PracticeImage:
    image = PracticeImage(practice=PracticeFactory(), image=upload, alt_text="A picture")
    image.full_clean()
    image.save()
    return image


@pytest.mark.django_db
def test_an_image_named_like_a_page_is_stored_and_served_as_the_image_it_is(client):
    stored = store_practice_image(image_file("page.html", "PNG"))

    assert stored.image.name.endswith(".png")
    response = client.get(stored.image.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.django_db
def test_a_jpeg_named_png_is_stored_as_a_jpeg(client):
    stored = store_practice_image(image_file("photo.png", "JPEG"))

    assert stored.image.name.endswith(".jpg")
    response = client.get(stored.image.url)
    response.close()
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_a_page_pretending_to_be_an_image_is_refused_at_upload():
    with pytest.raises(Exception, match="not an image we can read"):
        store_practice_image(SimpleUploadedFile("photo.png", HTML, content_type="image/png"))

    assert not PracticeImage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["notes.html", "notes.svg", "script.js", "data.bin", "noext"])
def test_files_that_are_not_accepted_images_are_never_served(client, name):
    folder = settings.MEDIA_ROOT / "practices"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(HTML)

    assert client.get(f"/media/practices/{name}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["../secret.png", "..%2Fsecret.png", "%2e%2e/secret.png", "/etc/passwd"], ids=str
)
def test_nothing_outside_the_media_folder_is_served(client, tmp_path, path):
    (tmp_path / "secret.png").write_bytes(image_file().read())

    assert client.get(f"/media/{path}").status_code in (400, 404)  # refused by Django's URL checks or ours


@pytest.mark.django_db
def test_a_missing_upload_is_a_404(client):
    assert client.get("/media/practices/0123456789abcdef0123456789abcdef.png").status_code == 404
