"""Many communes on one PostgreSQL (docs/SCALING.md): releases, the warm pool,
how long a pooled connection may live and how many communes it may serve, restores."""

from .environment import env

# Schemas cloned ahead of time (tenants/pool.py): opening a commune renames one
# instead of cloning the template (~1 s). 0 turns the pool off.
RESEAU_SCHEMA_POOL_SIZE = env.int("RESEAU_SCHEMA_POOL_SIZE", default=3)
# Releases (tenants/releases.py): schemas migrated at once, each in a process of
# its own, and how long a migration waits for a lock before that schema fails
# (reported, retried at the next run) instead of queueing behind live traffic.
RESEAU_RELEASE_WORKERS = env.int("RESEAU_RELEASE_WORKERS", default=2)
RESEAU_RELEASE_LOCK_TIMEOUT = env("RESEAU_RELEASE_LOCK_TIMEOUT", default="5s")

# A PostgreSQL backend keeps the catalog caches of every schema it touched and
# never frees them (~10 MB per commune, docs/PERFORMANCE.md "Connections"):
# socle/connections.py closes a connection after it served this many distinct
# communes or lived this many seconds; the next request opens a fresh one.
RESEAU_CONN_MAX_SCHEMAS = env.int("RESEAU_CONN_MAX_SCHEMAS", default=20)
RESEAU_CONN_MAX_AGE = env.int("RESEAU_CONN_MAX_AGE", default=30 * 60)

# A commune's archive restored (tenants/restore.py): its unpacked size at most.
RESEAU_RESTORE_MAX_BYTES = env.int("RESEAU_RESTORE_MAX_BYTES", default=20 * 2**30)
