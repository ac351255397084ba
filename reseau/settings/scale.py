"""Many communes on one PostgreSQL (docs/SCALING.md): releases, the warm pool."""

from .environment import env

# Schemas cloned ahead of time (tenants/pool.py): opening a commune renames one
# instead of cloning the template (~1 s). 0 turns the pool off.
RESEAU_SCHEMA_POOL_SIZE = env.int("RESEAU_SCHEMA_POOL_SIZE", default=3)
# Releases (tenants/releases.py): schemas migrated at once, each in a process of
# its own, and how long a migration waits for a lock before that schema fails
# (reported, retried at the next run) instead of queueing behind live traffic.
RESEAU_RELEASE_WORKERS = env.int("RESEAU_RELEASE_WORKERS", default=2)
RESEAU_RELEASE_LOCK_TIMEOUT = env("RESEAU_RELEASE_LOCK_TIMEOUT", default="5s")
