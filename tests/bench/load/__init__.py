"""make bench-load: Locust against nginx, two daphne workers, the job worker,
a private PostgreSQL and Redis, with faults under steady load (see run.py)."""
