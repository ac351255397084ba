"""The official list of French communes shipped in tenants/data/ (see its README)."""

import csv
import gzip
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from django.db import connection, transaction

DATA_FILE = Path(__file__).resolve().parent / "data" / "communes.csv.gz"
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lowercase ASCII words separated by one space: "L'Île-Saint-Denis" → "l ile saint denis"."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe"))
        .encode("ascii", "ignore")
        .decode()
    )
    return _NON_WORD.sub(" ", ascii_text.lower()).strip()


def read_rows(path: Path = DATA_FILE) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_communes(
    *, path: Path = DATA_FILE, batch: int = 5000, progress: Callable[[int, int], None] | None = None
) -> int:
    """Insert or update every commune of the file in the public schema (idempotent),
    in batches through COPY into a temporary table; return the number of rows."""
    rows = read_rows(path)
    total = len(rows)
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE frenchcommune_load "
            "(insee_code varchar(5), name varchar(120), search_name varchar(120), "
            "postcodes varchar(5)[], department varchar(3), population integer) ON COMMIT DROP"
        )
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        done = 0
        for start in range(0, total, batch):
            chunk = rows[start : start + batch]
            with raw.copy(
                "COPY frenchcommune_load (insee_code, name, search_name, postcodes, "
                "department, population) FROM STDIN"
            ) as copy:
                for row in chunk:
                    copy.write_row(
                        (
                            row["insee_code"],
                            row["name"],
                            normalize(row["name"]),
                            row["postcodes"].split(),
                            row["department"],
                            int(row["population"]) if row["population"] else None,
                        )
                    )
            done += len(chunk)
            if progress:
                progress(done, total)
        cursor.execute(
            "INSERT INTO public.tenants_frenchcommune AS f "
            "(insee_code, name, search_name, postcodes, department, population) "
            "SELECT insee_code, name, search_name, postcodes, department, population "
            "FROM frenchcommune_load "
            "ON CONFLICT (insee_code) DO UPDATE SET name = EXCLUDED.name, "
            "search_name = EXCLUDED.search_name, postcodes = EXCLUDED.postcodes, "
            "department = EXCLUDED.department, population = EXCLUDED.population "
            "WHERE (f.name, f.postcodes, f.department, f.population) IS DISTINCT FROM "
            "(EXCLUDED.name, EXCLUDED.postcodes, EXCLUDED.department, EXCLUDED.population)"
        )
        cursor.execute("DROP TABLE frenchcommune_load")
    return total
