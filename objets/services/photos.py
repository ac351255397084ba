"""Uploaded images: checked with Pillow, re-encoded as JPEG, resized."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
FULL_SIZE = (1600, 1600)
THUMB_SIZE = (480, 480)


def _open(upload) -> Image.Image:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("A photo may weigh at most 8 MB."))
    try:
        upload.seek(0)
        probe = Image.open(upload)
        probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("This photo is too large."))
        image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(_("This file is not a readable image (JPEG, PNG, WebP…).")) from exc
    if image.format not in {"JPEG", "PNG", "WEBP", "GIF", "MPO"}:
        raise ValidationError(_("This file is not a readable image (JPEG, PNG, WebP…)."))
    return ImageOps.exif_transpose(image).convert("RGB")


def _jpeg(image: Image.Image, size) -> ContentFile:
    copy = image.copy()
    copy.thumbnail(size)
    out = BytesIO()
    copy.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


def validate_image(upload) -> None:
    """Raise ValidationError unless `upload` is an image Pillow can read."""
    _open(upload)
    upload.seek(0)


def resized(upload) -> tuple[ContentFile, ContentFile]:
    """(full size, thumbnail) JPEG files of an uploaded image (EXIF dropped)."""
    image = _open(upload)
    return _jpeg(image, FULL_SIZE), _jpeg(image, THUMB_SIZE)
