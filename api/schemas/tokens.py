"""The shapes of api/routers/tokens.py: what its operations read and answer."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

Scope = Literal["read", "read-write"]


class TokenRequest(Schema):
    email: str = Field(..., min_length=1, max_length=254)
    password: str = Field(..., min_length=1, max_length=256)
    name: str = Field("API", min_length=1, max_length=80, description="To recognise it later.")
    scope: Scope = "read"


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=80)
    scope: Scope = "read"


class TokenOut(Schema):
    id: int
    name: str
    scope: Scope
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret: shown this once, store it safely.")
