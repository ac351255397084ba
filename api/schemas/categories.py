"""The shapes of api/routers/categories.py: what its operations read and answer."""

from ninja import Schema


class CategoryOut(Schema):
    id: int
    slug: str
    name: str
    requires_approval: bool
