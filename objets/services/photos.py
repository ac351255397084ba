"""An object's photos: the shared image helper, at two sizes from one decode."""

from django.core.files.base import ContentFile

from socle.images import open_image, renditions

FULL_SIDE = 1600
THUMB_SIDE = 480


def validate_image(upload) -> None:
    """Raise ValidationError (French message) unless `upload` is an image we accept."""
    open_image(upload, max_side=FULL_SIDE)
    upload.seek(0)


def resized(upload) -> tuple[ContentFile, ContentFile]:
    """(full size, thumbnail) JPEG files of an uploaded image, without metadata."""
    full, thumb = renditions(upload, sides=(FULL_SIDE, THUMB_SIDE))
    return full, thumb
