# The live tests' fixtures: really-committed communes shared by a module.
from tests.live.conftest import alpha, beta, live_db, make_scratch_commune  # noqa: F401
