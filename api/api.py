"""The API instance: /api/v1/ on each commune's host."""

from ninja import NinjaAPI, Swagger

from api import errors
from api.auth import session_auth, token_auth
from api.parser import SafeJsonParser
from api.routers import (
    categories,
    conversations,
    gardens,
    manage,
    me,
    moderation,
    notifications,
    objects,
    offered,
    posts,
    quartiers,
    residents,
    tokens,
)

DESCRIPTION = """\
Everything a resident does on the site, for the town's app and partner services.

**Authentication**: a personal access token (`Authorization: Bearer rsx_…`), created at
`/voisins/moi/jetons/` or with `POST /api/v1/auth/token`; *read* tokens cannot write.
The browser session works too (unsafe methods then need the `X-CSRFToken` header).

**Errors** always answer `{"code": "...", "message": "...", "fields": {"field": ["..."]}}`.
**Language**: French, or English with `Accept-Language: en`.
**Pagination**: lists answer `{"items": [...], "next_cursor": "..."}`; pass `cursor` to go on.
"""

api = NinjaAPI(
    title="Réseau API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[token_auth, session_auth],
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=SafeJsonParser(),
)
errors.install(api)

for module in (
    tokens,
    me,
    residents,
    posts,
    conversations,
    notifications,
    categories,
    quartiers,
    manage,
    moderation,
    gardens,
    objects,
    offered,
):
    api.add_router("", module.router)
