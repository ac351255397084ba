import json

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import host_of


class ApiClient:
    """A test client on a commune's host sending a Bearer token (or none)."""

    def __init__(self, commune, raw_token=None, language=None, client=None):
        self.client = client or Client(HTTP_HOST=host_of(commune))
        self.headers = {}
        if raw_token:
            self.headers["Authorization"] = f"Bearer {raw_token}"
        if language:
            self.headers["Accept-Language"] = language

    def _call(self, method, path, data=None, **extra):
        headers = {**self.headers, **extra.pop("headers", {})}
        kwargs = {"headers": headers, **extra}
        if data is not None:
            kwargs.update(data=json.dumps(data), content_type="application/json")
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)

    def get(self, path, params=None, **extra):
        headers = {**self.headers, **extra.pop("headers", {})}
        return self.client.get(f"/api/v1{path}", params or {}, headers=headers, **extra)

    def post(self, path, data=None, **extra):
        return self._call("post", path, data if data is not None else {}, **extra)

    def patch(self, path, data=None, **extra):
        return self._call("patch", path, data if data is not None else {}, **extra)

    def put(self, path, data=None, **extra):
        return self._call("put", path, data if data is not None else {}, **extra)

    def delete(self, path, **extra):
        return self._call("delete", path, **extra)


@pytest.fixture
def make_token(db):
    """make_token(commune, resident, scope="read-write") -> the raw secret."""
    from api.services import create_token

    def make(commune, resident, scope="read-write", name="Tests"):
        with schema_context(commune.schema_name):
            _token, raw = create_token(resident=resident, name=name, scope=scope)
        return raw

    return make


@pytest.fixture
def api_for(db, make_token):
    """api_for(commune, resident=None, scope="read-write", language=None) -> ApiClient."""

    def make(commune, resident=None, scope="read-write", language=None):
        raw = make_token(commune, resident, scope) if resident is not None else None
        return ApiClient(commune, raw, language=language)

    return make


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


# A resident's public profile, as the directory and an object's lender show it:
# no email, phone, address or last name.
PUBLIC_PROFILE_KEYS = {
    "id",
    "display_name",
    "quartier",
    "skills",
    "bio",
    "availability",
    "is_voisin_solidaire",
    "is_verified",
    "accepts_messages",
    "photo_url",
    "position",
}
