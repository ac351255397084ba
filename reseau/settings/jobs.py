"""Background jobs (Procrastinate, socle/jobs.py): its tables live in the
public schema; a job finds its tasks in each app's `tasks.py`."""

from .environment import env

PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
# The worker of `make run` and of the systemd unit: every queue, a few jobs at
# once (sending mail mostly waits on the network); succeeded jobs are deleted,
# failed ones stay for platform staff (/plateforme/taches/).
PROCRASTINATE_WORKER_DEFAULTS = {
    "concurrency": env.int("RESEAU_WORKER_CONCURRENCY", default=4),
    "delete_jobs": "successful",
}
# A periodic job missed by up to an hour (worker restarting) still runs.
PROCRASTINATE_PERIODIC_DEFAULTS = {"max_delay": 3600}

# Retries of a transient failure (mail server away): waits of wait +
# exponential_wait ** (attempt + 1) seconds: 10 s, 22 s, 70 s, 4 min, 17 min,
# 68 min, 4.5 h (about 6 hours in all), then the job is failed (the dead letter).
RESEAU_JOB_RETRY = {
    "max_attempts": env.int("RESEAU_JOB_MAX_ATTEMPTS", default=8),
    "wait": env.int("RESEAU_JOB_RETRY_WAIT", default=6),
    "exponential_wait": env.int("RESEAU_JOB_RETRY_EXPONENTIAL_WAIT", default=4),
}

# When the periodic jobs run (cron syntax, UTC): each queues one job per commune.
RESEAU_SCHEDULE = {
    "digests": env("RESEAU_SCHEDULE_DIGESTS", default="30 6 * * *"),
    "loan_reminders": env("RESEAU_SCHEDULE_LOAN_REMINDERS", default="0 7 * * *"),
    "garden_reminders": env("RESEAU_SCHEDULE_GARDEN_REMINDERS", default="5 * * * *"),
    "expire_listings": env("RESEAU_SCHEDULE_EXPIRE_LISTINGS", default="0 8 * * *"),
    "purge_confidential": env("RESEAU_SCHEDULE_PURGE_CONFIDENTIAL", default="30 2 * * *"),
    "clear_sessions": env("RESEAU_SCHEDULE_CLEAR_SESSIONS", default="15 2 * * *"),
    "purge_public_listings": env("RESEAU_SCHEDULE_PURGE_PUBLIC_LISTINGS", default="*/10 * * * *"),
    # Jobs of a worker that died mid-job are queued again (reseau/tasks.py).
    "retry_stalled_jobs": env("RESEAU_SCHEDULE_RETRY_STALLED_JOBS", default="* * * * *"),
}
