"""Where the machine's CPU goes during make bench-load: every process of the
stack sampled every 2 s (psutil, which Locust already depends on) and its CPU
time added to its role (daphne 0 and 1, PostgreSQL, Redis, nginx, the job
worker, Locust, the sockets, the bench itself with its SMTP sink). A process
killed between two samples loses at most its last 2 s; one started during the
run counts from its start."""

import threading
import time
from pathlib import Path

import psutil

ROLES = ("daphne0", "daphne1", "postgresql", "redis", "nginx", "job_worker",
         "locust", "sockets", "bench")  # fmt: skip


class CpuSampler(threading.Thread):
    def __init__(self, roles_of, interval: float = 2.0):
        """`roles_of()` answers {pid: role} for the stack's processes now."""
        super().__init__(daemon=True)
        self.roles_of, self.interval = roles_of, interval
        self.last: dict[int, float] = {}
        self.samples: list[tuple[float, dict[str, float]]] = []  # (time, cpu s by role)
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.sample()
            self.stopping.wait(self.interval)

    def stop(self):
        self.stopping.set()
        self.join(timeout=10)

    def sample(self):
        used = dict.fromkeys(ROLES, 0.0)
        seen = {}
        for pid, role in self.roles_of().items():
            try:
                times = psutil.Process(pid).cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
                continue
            total = times.user + times.system
            seen[pid] = total
            if self.samples or pid in self.last:
                used[role] += max(0.0, total - self.last.get(pid, 0.0))
        self.last = seen
        self.samples.append((time.time(), used))

    def share(self, start: float, end: float) -> dict:
        """Percent of the whole machine (all cores) used by each role between
        start and end, and the idle rest."""
        inside = [used for t, used in self.samples if start < t <= end]
        span = max(1e-6, end - start) * psutil.cpu_count()
        shares = {role: round(100 * sum(u[role] for u in inside) / span, 1) for role in ROLES}
        shares["idle_or_other"] = round(100 - sum(shares.values()), 1)
        return shares


def children_of(pid: int | None) -> list[int]:
    if not pid:
        return []
    try:
        process = psutil.Process(pid)
        return [pid, *(child.pid for child in process.children(recursive=True))]
    except psutil.NoSuchProcess:
        return []


def postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
