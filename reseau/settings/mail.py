"""Outgoing email: EMAIL_URL (the console by default) gives EMAIL_BACKEND,
EMAIL_HOST and the rest."""

from .environment import env

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Réseau <ne-pas-repondre@reseau.localhost>")
