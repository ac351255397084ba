"""The API's part of a resident's data export and deletion (registered in
contributions.py, see socle/registry.py)."""

from api.selectors import tokens_of


def export_for(resident) -> dict:
    """The resident's access tokens, described (their secrets are never kept)."""
    return {
        "access_tokens": [
            {
                "name": token.name,
                "scope": token.scope,
                "created_at": token.created_at.isoformat(),
                "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in tokens_of(resident=resident)
        ]
    }


def forget(resident) -> None:
    tokens_of(resident=resident).delete()
