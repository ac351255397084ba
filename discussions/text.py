"""User text and photos: Markdown rendered then sanitised, scripts refused,
watched words matched without accents, photos checked and resized."""

import re
import unicodedata

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from socle.images import renditions

SCRIPT_RE = re.compile(r"<\s*/?\s*script\b|javascript\s*:|\bon\w+\s*=", re.IGNORECASE)
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4", "hr",
}  # fmt: skip
PHOTO_MAX_SIDE = 1600
# The feed card's thumbnail: 96 CSS pixels wide, sharp on a 2x or 3x phone screen.
THUMBNAIL_SIDE = 288


def refuse_scripts(value: str, *, field: str) -> None:
    if value and SCRIPT_RE.search(value):
        raise ValidationError(
            {field: _("Scripts and event handlers are not allowed in the text.")},
            code="script",
        )


def render_markdown(text: str) -> str:
    """Markdown (plain text is Markdown too) to sanitised HTML."""
    html = markdown.markdown(text or "", extensions=["nl2br", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )


def fold(text: str) -> str:
    """Lowercase without accents, for matching watched words."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find_watched(text: str, words) -> list:
    """The watched words (objects with `.word`) that appear as whole words in text."""
    folded = fold(text)
    found = []
    for watched in words:
        pattern = r"(?<!\w)" + re.escape(fold(watched.word)) + r"(?!\w)"
        if re.search(pattern, folded):
            found.append(watched)
    return found


def process_photo(upload, *, field: str = "photo") -> tuple[ContentFile, ContentFile]:
    """An uploaded photo checked and re-encoded by the shared image helper:
    (the photo, its thumbnail for the feed's card), from one decode."""
    try:
        photo, thumbnail = renditions(upload, sides=(PHOTO_MAX_SIDE, THUMBNAIL_SIDE))
        return photo, thumbnail
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
