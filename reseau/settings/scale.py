"""Settings for many communes on one PostgreSQL (docs/SCALING.md): how long a
pooled connection may live and how many communes it may serve, restores."""

from .environment import env

# A PostgreSQL backend keeps the catalog caches of every schema it touched and
# never frees them (~10 MB per commune, docs/PERFORMANCE.md "Connections"):
# reseau/connections.py closes a connection after it served this many distinct
# communes or lived this many seconds; the next request opens a fresh one.
RESEAU_CONN_MAX_SCHEMAS = env.int("RESEAU_CONN_MAX_SCHEMAS", default=20)
RESEAU_CONN_MAX_AGE = env.int("RESEAU_CONN_MAX_AGE", default=30 * 60)

# A commune's archive restored (tenants/restore.py): its unpacked size at most.
RESEAU_RESTORE_MAX_BYTES = env.int("RESEAU_RESTORE_MAX_BYTES", default=20 * 2**30)
