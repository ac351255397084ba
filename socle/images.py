"""The one door for every uploaded image (post, profile, object, garden, logo).

An upload is refused with a French message unless it is a JPEG, PNG, WebP or GIF
of at most `RESEAU_IMAGE_MAX_BYTES` bytes and `RESEAU_IMAGE_MAX_PIXELS` pixels.
The pixel count is read from the file's header, before anything is decoded, so
a small file that would decode to gigabytes (a "decompression bomb") costs
nothing. What is kept is re-encoded from the pixels alone: turned upright
(EXIF orientation), converted to sRGB, shrunk to the caller's longest side, and
saved without any metadata (EXIF and its GPS position, XMP, ICC profile, JPEG
comments, PNG text chunks). Only the first frame of an animated GIF is kept.
"""

import io
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

#: What Pillow must recognise from the file's own bytes (never its name or the
#: browser's content type). MPO is how Pillow names the JPEG of many phones.
FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF"})
#: For the file inputs' `accept` attribute.
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_MAX_BYTES = 8 * 1024 * 1024

# The first bytes of the formats above, to tell a stored file's real type.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def max_pixels() -> int:
    return getattr(settings, "RESEAU_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def max_bytes() -> int:
    return getattr(settings, "RESEAU_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff_content_type(head: bytes) -> str | None:
    """The image content type that a file's first bytes (at least 12) prove, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)


def _refuse_unreadable() -> ValidationError:
    return ValidationError(
        _("This file is not an image we accept. Send a JPEG, PNG, WebP or GIF picture."),
        code="invalid_image",
    )


def _open_header(upload) -> Image.Image:
    """The upload opened lazily (header only) once its size, format and pixel
    count are known to be acceptable; ValidationError otherwise."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes():
        raise ValidationError(
            _("This image is too heavy (%(size)s MB): %(limit)s MB at most.")
            % {"size": _megabytes(size), "limit": _megabytes(max_bytes())},
            code="too_heavy",
        )
    try:
        upload.seek(0)
        image = Image.open(upload)  # reads the header only
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image has too many pixels: %(limit)s megapixels at most.")
            % {"limit": max_pixels() // 1_000_000},
            code="too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _refuse_unreadable() from error
    if image.format not in FORMATS:
        raise _refuse_unreadable()
    width, height = image.size
    if width * height > max_pixels():
        raise ValidationError(
            _(
                "This image is too large (%(width)s × %(height)s pixels): %(limit)s megapixels at most."
            )
            % {
                "width": number_format(width, force_grouping=True),
                "height": number_format(height, force_grouping=True),
                "limit": max_pixels() // 1_000_000,
            },
            code="too_many_pixels",
        )
    return image


def check_image(upload) -> None:
    """Refuse (ValidationError, French message) an upload that is too heavy, not
    an accepted format, or has too many pixels: from its header, nothing decoded."""
    _open_header(upload)
    upload.seek(0)


def open_image(upload, *, max_side: int | None = None) -> Image.Image:
    """The upload checked and decoded: upright, in RGB or RGBA, with no metadata.
    Raises ValidationError (French message) for anything else. With `max_side`, a
    JPEG is decoded at a reduced scale that still covers that side."""
    image = _open_header(upload)
    try:
        if max_side and image.format in ("JPEG", "MPO"):
            image.draft("RGB", (max_side, max_side))
        image.load()
        icc = image.info.get("icc_profile")
        image = ImageOps.exif_transpose(image)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        if icc:
            image = _to_srgb(image, icc)
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise _refuse_unreadable() from error
    # A fresh image holds the pixels and nothing else (no info, no EXIF).
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Colours of an embedded profile converted to sRGB (the profile itself is dropped)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def encode_image(
    image: Image.Image, *, max_side: int, keep_transparency: bool = False
) -> ContentFile:
    """`image` (from open_image) shrunk to `max_side` and re-encoded without
    metadata: a PNG when transparency is kept, a JPEG otherwise."""
    copy = image.copy()
    copy.thumbnail((max_side, max_side))
    out = io.BytesIO()
    if keep_transparency:
        copy.save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        if copy.mode == "RGBA":
            background = Image.new("RGB", copy.size, "white")
            background.paste(copy, mask=copy.getchannel("A"))
            copy = background
        copy.save(out, format="JPEG", quality=82, optimize=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def normalise_image(upload, *, max_side: int, keep_transparency: bool = False) -> ContentFile:
    """An uploaded image checked, upright, shrunk to `max_side` pixels and
    re-encoded without metadata; ValidationError (French message) otherwise."""
    image = open_image(upload, max_side=max_side)
    return encode_image(image, max_side=max_side, keep_transparency=keep_transparency)


def renditions(upload, *, sides: tuple[int, ...]) -> list[ContentFile]:
    """An uploaded image checked and decoded once, re-encoded (JPEG, no
    metadata) at each longest side of `sides`: the photo and its thumbnail."""
    image = open_image(upload, max_side=max(sides))
    return [encode_image(image, max_side=side) for side in sides]


def _help_text(*, max_side: int) -> str:
    return _("JPEG, PNG, WebP or GIF, %(limit)s MB at most; resized to %(side)s px.") % {
        "limit": _megabytes(max_bytes()),
        "side": max_side,
    }


#: A form field's help text that states the limits, translated when shown.
image_help_text = lazy(_help_text, str)


class ImageUploadField(forms.FileField):
    """A form's picture input: the header is checked on submission (so the form
    shows the refusal beside the field); the service that stores the picture
    passes it through normalise_image."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "seek"):
            check_image(upload)
        return upload
