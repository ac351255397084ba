"""Hostile values shared by the sweep (tests/security/test_sweep.py) and the
API fuzz run (tests/api/test_fuzz.py)."""

NUL = "voisin\x00nul"
LONG = "a" * 100_000
HOSTILE_TEXT = [NUL, LONG, "²", "٣", "\x01\x1f\x7f", "<script>alert(1)</script>"]
HOSTILE_NUMBERS = ["²", "٣", "-1", "0", str(2**63), "9" * 30, "1e309", "NaN", NUL]
HOSTILE_INTS = [2**63, 2**70, -1, 0, -(2**63) - 1]
HOSTILE_DATES = [
    "9999-12-31T23:59-12:00",
    "2024-02-30",
    "0000-00-00",
    "2024-13",
    "²⁰²⁴-01-01",
    "0001-01-01T00:00+14:00",
    NUL,
]
HOSTILE_IDS = [str(2**63), "9" * 30, "0"]  # "-1" or "²" never match <int:…>: a 404 anyway
