"""socle.images: the one door for uploaded images."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, PngImagePlugin

from socle.images import normalise_image, open_image, sniff_content_type
from tests.images import bomb_png, png_bytes

ROOT = Path(__file__).resolve().parents[2]


def _upload(data: bytes, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _refusal(upload, **kwargs) -> str:
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        normalise_image(upload, max_side=kwargs.pop("max_side", 1600), **kwargs)
    return " ".join(caught.value.messages)


def test_a_decompression_bomb_is_refused_with_a_french_message():
    message = _refusal(_upload(bomb_png()))
    assert "Cette image est trop grande" in message
    assert "12\xa0000 × 12\xa0000 pixels" in message
    assert "40 mégapixels au plus" in message


# Run in a fresh interpreter: its peak resident memory before and after the
# refusal is the cost of the refusal alone (a decoded bomb is over 144 MB).
_MEASURE = """
import io, resource, sys, time
import django
from django.conf import settings
settings.configure(USE_I18N=True, LANGUAGE_CODE="fr", LOCALE_PATHS=[sys.argv[1] + "/reseau/locale"])
django.setup()
sys.path.insert(0, sys.argv[1])
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from socle.images import normalise_image
from tests.images import bomb_png
upload = SimpleUploadedFile("bombe.png", bomb_png(), content_type="image/png")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    normalise_image(upload, max_side=1600)
except ValidationError:
    pass
else:
    sys.exit("accepted")
elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(upload), after - before, elapsed)
"""


def test_a_bomb_is_refused_quickly_without_allocating_its_pixels():
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _MEASURE, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    size, grown_kib, elapsed = done.stdout.split()
    assert int(size) < 20_000  # a 17 KB file...
    assert int(grown_kib) < 16 * 1024  # ...refused with under 16 MB more at the peak
    assert float(elapsed) < 1.0


def _jpeg_with_metadata(size=(64, 48), orientation=None) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Téléphone de Camille"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 52.0, 30.0)
    gps[3], gps[4] = "E", (2.0, 14.0, 5.0)
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(
        out,
        format="JPEG",
        exif=exif,
        comment=b"adresse: 12 rue des Lilas",
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret-xmp</x:xmpmeta>",
    )
    return out.getvalue()


def test_comments_exif_gps_and_xmp_are_all_stripped():
    source = _jpeg_with_metadata()
    assert b"rue des Lilas" in source and b"secret-xmp" in source
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)
    stored = normalise_image(_upload(source, "photo.jpg", "image/jpeg"), max_side=1600).read()
    assert b"rue des Lilas" not in stored
    assert b"secret-xmp" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as result:
        assert result.format == "JPEG"
        assert "comment" not in result.info and "exif" not in result.info
        assert "xmp" not in result.info and "icc_profile" not in result.info
        assert not result.getexif()


def test_png_text_chunks_are_stripped_and_transparency_kept_when_asked():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Camille Durand, 12 rue des Lilas")
    info.add_itxt("Comment", "secret-itxt", zip=True)
    out = io.BytesIO()
    Image.new("RGBA", (80, 40), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    stored = normalise_image(_upload(out.getvalue()), max_side=32, keep_transparency=True)
    data = stored.read()
    assert b"tEXt" not in data and b"iTXt" not in data and b"zTXt" not in data
    with Image.open(io.BytesIO(data)) as result:
        assert result.format == "PNG" and result.mode == "RGBA"
        assert result.size == (32, 16)
        assert "Author" not in result.info and "Comment" not in result.info


def test_the_exif_orientation_is_applied():
    source = _jpeg_with_metadata(size=(60, 20), orientation=6)  # "rotate 90° clockwise"
    stored = normalise_image(_upload(source, "photo.jpg", "image/jpeg"), max_side=1600)
    with Image.open(stored) as result:
        assert result.size == (20, 60)


def test_the_longest_side_is_the_callers():
    stored = normalise_image(_upload(png_bytes((3000, 1500))), max_side=400)
    with Image.open(stored) as result:
        assert result.format == "JPEG" and result.size == (400, 200)


def test_only_the_first_frame_of_a_gif_is_kept():
    frames = [Image.new("P", (30, 30), colour) for colour in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    stored = normalise_image(_upload(out.getvalue(), "a.gif", "image/gif"), max_side=100)
    with Image.open(stored) as result:
        assert result.format == "JPEG" and getattr(result, "n_frames", 1) == 1


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<!doctype html><html><script>fetch('/api/token')</script></html>",
        png_bytes()[:60],  # truncated
    ],
    ids=["text", "svg", "html", "truncated"],
)
def test_what_is_not_an_image_is_refused_whatever_its_name(data):
    message = _refusal(_upload(data, "photo.png", "image/png"))
    assert "Ce fichier n’est pas une image acceptée. Envoyez" in message


def test_a_format_outside_the_list_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    assert "JPEG, PNG, WebP ou GIF" in _refusal(_upload(out.getvalue(), "a.png"))


def test_an_upload_over_the_byte_cap_is_refused_unread(settings):
    settings.RESEAU_IMAGE_MAX_BYTES = 1000
    message = _refusal(_upload(png_bytes() + b"\x00" * 2000))
    assert "Cette image est trop lourde" in message and "au plus" in message


def test_the_pixel_cap_is_a_setting(settings):
    settings.RESEAU_IMAGE_MAX_PIXELS = 1_000_000
    assert "1 mégapixels au plus" in _refusal(_upload(png_bytes((1001, 1000))))
    assert open_image(_upload(png_bytes((1000, 1000)))).size == (1000, 1000)


def test_content_types_come_from_the_bytes():
    assert sniff_content_type(png_bytes()) == "image/png"
    assert sniff_content_type(_jpeg_with_metadata()) == "image/jpeg"
    assert sniff_content_type(b"GIF89a....") == "image/gif"
    assert sniff_content_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_content_type(b"<html><script>") is None
    assert sniff_content_type(b"<svg xmlns=") is None
