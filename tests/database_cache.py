"""The test database kept between sessions as a PostgreSQL template database.

Its name carries a digest of everything the database is built from: the
project's code (migrations, onboarding, every app's defaults), tests/conftest.py,
the data files of tenants/, the installed packages and the day. Change any of
them (or pass --create-db) and the next session builds the database again
(about a minute and a half) and keeps the new copy; otherwise
`CREATE DATABASE ... TEMPLATE` copies it in seconds. Each session still starts from a pristine copy: nothing a session
commits reaches the template."""

import hashlib
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "socle",
    "voisinages",
    "discussions",
    "objets",
    "jardins",
    "cms",
    "tenants",
    "api",
    "reseau",
)
PREFIX = "_cache_"
# Held while one pytest-xdist worker looks for the kept copy and, if there is
# none, builds it: the other workers wait, then copy it instead of building
# their own (each worker still has a database of its own, test_reseau_gw0…).
LOCK_KEY = 0x7E5EA0


def _digest() -> str:
    digest = hashlib.sha256()
    files = [ROOT / "tests" / "conftest.py", ROOT / "pyproject.toml"]
    for package in PACKAGES:
        files += [
            path
            for path in (ROOT / package).rglob("*")
            if path.is_file()
            and path.suffix not in (".pyc", ".mo", ".po")
            and "__pycache__" not in path.parts
        ]
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    # Onboarding writes dated content: a copy serves the day it was built.
    digest.update(timezone.localdate().isoformat().encode())
    site_packages = next(Path(p) for p in sys.path if p.endswith("site-packages"))
    digest.update(" ".join(sorted(p.name for p in site_packages.glob("*.dist-info"))).encode())
    return digest.hexdigest()[:16]


_names: dict[str, str] = {}


def _strategy() -> str:
    """FILE_COPY (PostgreSQL 15+) copies the files at once instead of logging them."""
    return " STRATEGY FILE_COPY" if connection.pg_version >= 150000 else ""


def _databases(cursor, like: str) -> list[str]:
    cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [like])
    return [row[0] for row in cursor.fetchall()]


@contextmanager
def building():
    """Around restore() and, when it found nothing, the build and save():
    one worker at a time."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            yield
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def restore() -> bool:
    """Copy the kept database into the test database (call it before the test
    database is set up); False when no kept copy fits the code."""
    test_name = connection.creation._get_test_db_name()
    # One kept copy for every worker: named without the worker's suffix.
    shared_name = re.sub(r"_gw\d+$", "", test_name)
    cache_name = f"{shared_name}{PREFIX}{_digest()}"
    _names.update(test=test_name, shared=shared_name, cache=cache_name)
    with connection._nodb_cursor() as cursor:
        if not _databases(cursor, cache_name):
            return False
        quote = connection.ops.quote_name
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
        cursor.execute(
            f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(cache_name)}{_strategy()}"
        )
    return True


def save() -> None:
    """Keep the freshly built test database (and drop the outdated copies)."""
    test_name, cache_name = _names["test"], _names["cache"]
    quote = connection.ops.quote_name
    connection.close()  # a template database has no other session
    with connection._nodb_cursor() as cursor:
        for old in _databases(cursor, f"{_names['shared']}{PREFIX}%"):
            cursor.execute(f"DROP DATABASE {quote(old)}")
        cursor.execute(
            f"CREATE DATABASE {quote(cache_name)} TEMPLATE {quote(test_name)}{_strategy()}"
        )
