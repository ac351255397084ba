"""Markdown from residents, rendered then sanitised."""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "hr",
}  # fmt: skip


def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["sane_lists"])
    return mark_safe(  # noqa: S308 (sanitised by nh3 just above)
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener",
        )
    )
