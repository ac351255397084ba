"""Access tokens die with the password that minted them.

Django calls `password_changed` on every configured password validator each
time a new password is saved, whichever path set it: the reset link, the
editorial admin's account page, Django's admin, a management command. Hooking
there revokes tokens on every path without each one having to remember.
"""

from django.db import connection
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from api.services import revoke_all_tokens


class RevokeTokensOnPasswordChange:
    """Not a rule on passwords: revokes the account's API tokens once it changes."""

    def validate(self, password, user=None):
        return None

    def get_help_text(self):
        return _("Changing your password revokes your API access tokens.")

    def password_changed(self, password, user=None):
        # Platform staff live in the public schema, which holds no tokens.
        if user is None or user.pk is None or connection.schema_name == get_public_schema_name():
            return
        revoke_all_tokens(resident=user)
