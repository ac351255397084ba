"""Writes of the voisinages app, by domain: accounts, profiles, members, inbox, data."""

from voisinages.services.accounts import (
    confirm_email,
    create_invitation,
    grant_role,
    register_resident,
    revoke_role,
)

__all__ = ["confirm_email", "create_invitation", "grant_role", "register_resident", "revoke_role"]
