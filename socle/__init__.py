"""The bottom layer of Réseau: helpers every app shares and that import no app.

Images, calendars, bounded dates and values, rate limits, safe redirects: each
lives here once, with its own tests under tests/socle/. Nothing in this package
imports `reseau`, `tenants`, `voisinages` or a domain app.
"""
