"""The shapes of api/routers/moderation.py: what its operations read and answer."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from api.schemas.posts import CommentOut, PostOut


class QueuedPostOut(PostOut):
    is_flagged: bool
    report_count: int
    moderation_reason: str


class QueuedCommentOut(CommentOut):
    status: str
    report_count: int


class QueueOut(Schema):
    posts: list[QueuedPostOut]
    comments: list[QueuedCommentOut]


class PostActionIn(Schema):
    action: Literal["approve", "hide", "restore", "delete"]
    reason: str = Field("", max_length=1000)


class CommentActionIn(Schema):
    action: Literal["hide", "restore", "delete"]
    reason: str = Field("", max_length=1000)


class OutcomeOut(Schema):
    id: int
    action: str
    status: str
