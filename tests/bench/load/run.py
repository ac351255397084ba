"""make bench-load: a busy evening with faults, on this machine.

Starts a production-like stack of its own: a private PostgreSQL cluster
(tests/private_postgres.py), a private redis-server, an SMTP sink, two daphne
workers behind nginx (deploy/nginx/reseau-locations.conf; if nginx is missing,
Locust spreads the load over both workers itself), the Procrastinate worker;
seeds three communes (tests/bench/load/seed.py). Then:

1. ramp: Locust headless (tests/bench/load/locustfile.py) at growing numbers
   of users, one short run each, up to the largest keeping p95 <= 300 ms and no
   error; the steady load keeps a margin (see ramp());
2. steady: that load for LOAD_STEADY_S seconds, one websocket per resident
   (tests/bench/load/sockets.py), and in the middle, one after the other:
   PostgreSQL restarted, one daphne killed (-9) and started again, Redis
   restarted, the job worker killed while a job runs, the SMTP sink stopped
   then started;
3. checks: every acknowledged write is in the database, every message email
   was sent once, no job left behind (tests/bench/load/check.py).

Writes docs/bench-load.svg (throughput and p95 per second, faults marked) and
prints one JSON object as its last line: `p95_ms`, `p99_ms` and `errors_5xx` of
the steady phase outside the fault windows (each fault and the 5 s after it),
as issue #21's targets are stated; `p95_ms_with_faults` over the whole phase;
`lost_emails` and `failed_jobs`. Before it, a line of details: each ramp step,
where the CPU went (tests/bench/load/cpu.py), and each stretch between faults.
LOAD_MODE=short (default on `make bench-load SHORT=1`) runs a minute or two with
few users; LOAD_STEPS, LOAD_STEP_S, LOAD_STEADY_S override."""

import asyncio
import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes
from pathlib import Path

from tests.bench.load.chart import write_chart
from tests.bench.load.cpu import CpuSampler, children_of, postmaster_pid
from tests.live.servers import PrivateRedis, free_port, wait_for_port
from tests.private_postgres import PrivatePostgres
from tests.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
P95_TARGET_MS = 300
STEADY_MARGIN = float(os.environ.get("LOAD_STEADY_MARGIN", str(1 / 3)))
MODES = {
    "short": {"steps": [4, 8, 16], "step_s": 20, "steady_s": 90, "per_commune": 8},
    "full": {
        "steps": [30, 60, 90, 120, 160, 200, 250],
        "step_s": 60,
        "steady_s": 600,
        "per_commune": 100,
    },
}
FAULTS = ["postgresql", "daphne", "redis", "job_worker", "smtp"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class MailSink(SmtpSink):
    """The tests' sink, keeping a digest of each message to find duplicates,
    and taking a real server's time to answer (so jobs are caught running)."""

    delay = 0.3

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(self.delay)
        # The same email sent twice has a new Message-ID and Date: compare
        # the recipients, the subject and the text only.
        message = message_from_bytes(envelope.content)
        parts = [p for p in message.walk() if not p.is_multipart()]
        text = b"".join(p.get_payload(decode=True) or b"" for p in parts)
        seen = f"{sorted(envelope.rcpt_tos)}|{message['Subject']}|".encode() + text
        digest = hashlib.sha256(seen).hexdigest()
        with self._lock:
            self.received.append({"to": list(envelope.rcpt_tos), "digest": digest})
        return "250 Message accepted for delivery"


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def read_requests(path: Path) -> list[tuple[float, str, float, int]]:
    rows = []
    if path.exists():
        for line in path.read_text().splitlines():
            t, name, ms, status = line.split("\t")
            rows.append((float(t), name, float(ms), int(status)))
    return rows


def is_error(status: int) -> bool:
    return status == 0 or status >= 500


class Stack:
    def __init__(self, work: Path, mode: dict):
        self.work, self.mode = work, mode
        self.pg = PrivatePostgres()
        self.redis = PrivateRedis()
        self.sink = MailSink()
        self.nginx_port = free_port()
        self.web_ports = [free_port(), free_port()]
        self.web: list[subprocess.Popen | None] = [None, None]
        self.worker = None
        self.worker_restarts = 0
        self.stopping = threading.Event()
        self.nginx = None
        self.locusts: list[subprocess.Popen] = []
        self.sockets = None

    def roles(self) -> dict[int, str]:
        """{pid: role} of the stack's processes now (tests/bench/load/cpu.py)."""
        groups = {
            "daphne0": [self.web[0]], "daphne1": [self.web[1]], "job_worker": [self.worker],
            "nginx": [self.nginx], "locust": self.locusts, "sockets": [self.sockets],
            "redis": [self.redis.process],
        }  # fmt: skip
        roles = {os.getpid(): "bench"}
        for role, processes in groups.items():
            for process in processes:
                if process is not None:
                    roles.update(dict.fromkeys(children_of(process.pid), role))
        roles.update(dict.fromkeys(children_of(postmaster_pid(self.pg.pgdata)), "postgresql"))
        return roles

    def env(self) -> dict:
        return dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="tests.bench.load.settings",
            DATABASE_URL=self.pg.url("reseau"),
            REDIS_URL=self.redis.url,
            SECRET_KEY="bench-load-" + "k" * 40,
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            RESEAU_URL_SCHEME="http",
            RESEAU_PUBLIC_PORT=str(self.nginx_port),
            EMAIL_URL=f"smtp://127.0.0.1:{self.sink.port}",
            MEDIA_ROOT=str(self.work / "media"),
            RESEAU_TRUSTED_PROXIES="127.0.0.1",
            PYTHONPATH=str(ROOT),
            LOG_LEVEL="ERROR",
        )

    def manage(self, *args, module=None):
        command = [sys.executable, "-m", module, *args] if module else [
            sys.executable, "manage.py", *args]  # fmt: skip
        subprocess.run(command, cwd=ROOT, env=self.env(), check=True)

    def start_web(self, index: int) -> None:
        port = self.web_ports[index]
        self.web[index] = subprocess.Popen(
            [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port),
             "--access-log", os.devnull, "reseau.asgi:application"],
            cwd=ROOT, env=self.env(), stdout=subprocess.DEVNULL,
            stderr=open(self.work / f"daphne{index}.log", "a"),  # noqa: SIM115
        )  # fmt: skip
        wait_for_port(port, self.web[index])

    def supervise_worker(self) -> None:
        """Like systemd's Restart=always (docs/DEPLOYMENT.md): Procrastinate
        stops its worker when its listener loses PostgreSQL; start it again."""
        while not self.stopping.is_set():
            if self.worker is not None and self.worker.poll() is not None:
                self.worker_restarts += 1
                time.sleep(1)
                self.start_worker()
            time.sleep(0.2)

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker"],
            cwd=ROOT, env=self.env(), stdout=subprocess.DEVNULL,
            stderr=open(self.work / "worker.log", "a"),  # noqa: SIM115
        )  # fmt: skip

    def start_nginx(self) -> bool:
        nginx = shutil.which("nginx") or (
            "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
        )
        if not nginx:
            return False
        locations = (ROOT / "deploy" / "nginx" / "reseau-locations.conf").read_text()
        # The upstreams of production, on the bench's ports.
        upstreams = "\n".join(
            re.findall(r"^upstream .*?^}", (ROOT / "deploy" / "nginx" / "reseau.conf").read_text(),
                       flags=re.M | re.S)
        ).replace("127.0.0.1:8001", f"127.0.0.1:{self.web_ports[0]}").replace(
            "127.0.0.1:8002", f"127.0.0.1:{self.web_ports[1]}")  # fmt: skip
        (self.work / "logs").mkdir(exist_ok=True)
        (self.work / "nginx.conf").write_text(
            f"""worker_processes 1;
daemon off;
pid {self.work}/nginx.pid;
error_log {self.work}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {self.work}/body;
    proxy_temp_path {self.work}/proxy;
{upstreams}
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    server {{
        listen 127.0.0.1:{self.nginx_port};
        server_name localhost *.localhost;
{locations}
    }}
}}
"""
        )
        self.nginx = subprocess.Popen(
            [nginx, "-c", str(self.work / "nginx.conf"), "-p", str(self.work)],
            stdout=subprocess.DEVNULL, stderr=open(self.work / "nginx.log", "a"),  # noqa: SIM115
        )  # fmt: skip
        wait_for_port(self.nginx_port, self.nginx, timeout=10)
        return True

    def start(self) -> bool:
        self.pg.start()
        self.pg.create_database("reseau")
        self.redis.start()
        self.sink.start()
        log("migrating and seeding (a few minutes on a busy machine)")
        self.manage("setup_platform", "-v0")
        self.manage(str(self.work / "users.json"), str(self.mode["per_commune"]),
                    module="tests.bench.load.seed")  # fmt: skip
        for index in (0, 1):
            self.start_web(index)
        self.start_worker()
        threading.Thread(target=self.supervise_worker, daemon=True).start()
        return self.start_nginx()

    def stop(self) -> None:
        self.stopping.set()
        time.sleep(0.5)
        for process in [*self.web, self.worker, self.nginx]:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        self.sink.stop()
        self.redis.close()
        self.pg.close()

    def probe(self, slug: str = "puteaux", path: str = "/fil/") -> int:
        port = self.nginx_port if self.nginx else self.web_ports[0]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Host": f"{slug}.localhost:{port}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def warm_up(self) -> None:
        """Each worker's first pages compile templates and fill caches: not
        what the ramp should measure."""
        slugs = [c["slug"] for c in json.loads((self.work / "users.json").read_text())["communes"]]
        for port in self.web_ports:
            for slug in slugs:
                for path in ("/", "/fil/", "/objets/", "/recherche/?q=voisin", "/accounts/login/"):
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{port}{path}",
                        headers={"Host": f"{slug}.localhost:{self.nginx_port}"},
                    )
                    try:
                        urllib.request.urlopen(request, timeout=30).read()  # noqa: S310
                    except OSError:
                        pass

    def send_messages(self, count: int, writes_file: Path) -> None:
        """A resident writes to neighbours through the API (each message is an
        email job): the job worker then has work in hand when it is killed."""
        data = json.loads((self.work / "users.json").read_text())
        commune = data["communes"][0]
        me, *others = commune["residents"]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        headers = {"Host": f"{commune['slug']}.localhost:{self.nginx_port}"}
        base = f"http://127.0.0.1:{self.web_ports[0]}"
        opener.open(urllib.request.Request(f"{base}/accounts/login/", headers=headers)).read()  # noqa: S310 (loopback)
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        form = {"username": me["email"], "password": data["password"], "csrfmiddlewaretoken": csrf}
        opener.open(urllib.request.Request(  # noqa: S310
            f"{base}/accounts/login/", data=urllib.parse.urlencode(form).encode(), headers=headers
        )).read()  # fmt: skip
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        for index in range(count):
            to = others[index % len(others)]
            conversation = self._post_json(opener, headers, csrf, f"{base}/api/v1/conversations",
                                           {"recipient_id": to["id"], "body": ""})  # fmt: skip
            message = self._post_json(
                opener, headers, csrf,
                f"{base}/api/v1/conversations/{conversation['id']}/messages",
                {"body": f"Message {index} du bench"},
            )  # fmt: skip
            with open(writes_file, "a") as writes:
                line = {"kind": "message", "schema": commune["schema"], "id": message["id"]}
                writes.write(json.dumps(line) + "\n")

    @staticmethod
    def _post_json(opener, headers, csrf, url, payload) -> dict:
        request = urllib.request.Request(  # noqa: S310
            url, data=json.dumps(payload).encode(), method="POST",
            headers={**headers, "Content-Type": "application/json", "X-CSRFToken": csrf},
        )  # fmt: skip
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read())

    def jobs_doing(self) -> int:
        with self.pg.connect("reseau") as conn:
            return conn.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'"
            ).fetchone()[0]

    def jobs_pending(self) -> int:
        with self.pg.connect("reseau") as conn:
            return conn.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"
            ).fetchone()[0]


def run_locust(stack, users, seconds, requests_file, writes_file, hosts):
    env = dict(
        stack.env(),
        LOAD_USERS=str(stack.work / "users.json"),
        LOAD_PORT=str(hosts[0]),
        LOAD_REQUESTS=str(requests_file),
        LOAD_WRITES=str(writes_file),
    )
    processes = []
    # Without nginx, one Locust process per worker, each with its share of users.
    shares = [users] if len(hosts) == 1 else [users - users // 2, users // 2]
    for port, share in zip(hosts, shares, strict=True):
        if not share:
            continue
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(Path(__file__).with_name("locustfile.py")),
                    "--headless",
                    "--users",
                    str(share),
                    "--spawn-rate",
                    # Users arrive over a few seconds, not all in the same instant.
                    str(max(2, share // 5)),
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--only-summary",
                    "--loglevel",
                    "ERROR",
                    "--stop-timeout",
                    "5",
                ],
                cwd=ROOT,
                env=dict(env, LOAD_PORT=str(port)),
                stdout=subprocess.DEVNULL,
                stderr=open(stack.work / "locust.log", "a"),  # noqa: SIM115
            )  # fmt: skip
        )
    stack.locusts = processes
    return processes


def window_stats(rows, start, end):
    inside = [r for r in rows if start <= r[0] < end]
    timed = [r[2] for r in inside if " login" not in r[1] and not is_error(r[3])]
    return {
        "requests": len(inside),
        "p95_ms": round(percentile(timed, 0.95), 1),
        "p99_ms": round(percentile(timed, 0.99), 1),
        "errors": sum(1 for r in inside if is_error(r[3])),
    }


def ramp(stack, mode, hosts, cpu) -> tuple[int, int, list[dict]]:
    """The steps, one short run each, until one misses the target. Answers the
    steady load, the largest load that met the target, and each step's figures.
    The steady load keeps a margin: the largest step whose p95 was at most
    STEADY_MARGIN (a third) of the target. The steps run without the sockets and
    without faults, and a step at the edge does not hold for minutes with them:
    120 users at p95 297.8 ms in the ramp held p95 1,866 ms (seventh session),
    and at 131.4 ms, p95 551.5 ms (docs/PERFORMANCE.md, eighth session)."""
    chosen, steps = 0, []
    for users in mode["steps"]:
        requests_file = stack.work / f"ramp-{users}.tsv"
        started = time.time()
        for process in run_locust(stack, users, mode["step_s"], requests_file,
                                  stack.work / "ramp-writes.jsonl", hosts):  # fmt: skip
            process.wait()
        # The first seconds are logins: measured from a third of the step on
        # (counted from the first request: Locust itself takes seconds to start).
        rows = read_requests(requests_file)
        first = min((r[0] for r in rows), default=started)
        measured_from = first + mode["step_s"] / 3
        stats = window_stats(rows, measured_from, time.time())
        stats["rps"] = round(stats["requests"] / max(1.0, time.time() - measured_from), 1)
        stats["cpu"] = cpu.share(measured_from, time.time())
        log(f"ramp {users} users: {stats}")
        steps.append({"users": users, **stats})
        if stats["errors"] or stats["p95_ms"] > P95_TARGET_MS or not stats["requests"]:
            break
        chosen = users
    within = [s["users"] for s in steps if s["users"] <= chosen
              and s["p95_ms"] <= STEADY_MARGIN * P95_TARGET_MS]  # fmt: skip
    steady = int(os.environ.get("LOAD_USERS_STEADY") or max(within, default=mode["steps"][0]))
    return steady, chosen, steps


def between_faults(rows, cpu, start, end, marks) -> list[dict]:
    """The steady phase cut at each fault: p95, requests per second and CPU of
    each calm stretch (from 5 s after a fault to the next one), to see whether
    the service comes back to what it was before."""
    edges = [("start", start)] + [(m["fault"], m["end"] + 5) for m in marks]
    ends = [m["start"] for m in marks] + [end]
    out = []
    for (after, a), b in zip(edges, ends, strict=True):
        if b - a < 10:
            continue
        stats = window_stats(rows, a, b)
        out.append({"after": after, "s": round(b - a), "p95_ms": stats["p95_ms"],
                    "rps": round(stats["requests"] / (b - a), 1), "cpu": cpu.share(a, b)})  # fmt: skip
    return out


class Faults(threading.Thread):
    """The faults, one after the other, spread over the steady phase."""

    def __init__(self, stack, steady_s, writes_file):
        super().__init__(daemon=True)
        self.stack, self.steady_s, self.writes_file = stack, steady_s, writes_file
        self.marks: list[dict] = []
        self.db_recovery_s = None
        self.error = None

    def mark(self, name, start):
        self.marks.append({"fault": name, "start": start, "end": time.time()})
        log(f"fault {name}: {self.marks[-1]['end'] - start:.1f} s")

    def at(self, fraction):
        time.sleep(max(0.0, self.t0 + fraction * self.steady_s - time.time()))

    def run(self):
        self.t0 = time.time()
        try:
            self.faults()
        except Exception as error:  # reported in the JSON, never silently
            self.error = repr(error)
            log(f"fault thread failed: {error!r}")

    def faults(self):
        stack = self.stack
        self.at(0.12)
        start = time.time()
        stack.pg.stop(mode="fast")
        time.sleep(2)
        stack.pg.start()
        back = time.time()
        while stack.probe() != 200 and time.time() - back < 60:
            time.sleep(0.1)
        self.db_recovery_s = round(time.time() - back, 2)
        self.mark("postgresql", start)

        self.at(0.32)
        self.bounce("daphne", lambda: stack.web[1].kill() or stack.web[1].wait(), 2,
                    lambda: stack.start_web(1))  # fmt: skip

        self.at(0.5)
        self.bounce("redis", stack.redis.stop, 1, stack.redis.start)

        self.at(0.65)
        start = time.time()
        # The mail server answers slowly for a moment, so that the emails of
        # these messages are jobs in hand when the worker is killed.
        stack.sink.delay = 3.0
        sending = threading.Thread(target=self.send_messages, daemon=True)
        sending.start()
        deadline = time.time() + 0.15 * self.steady_s
        while stack.jobs_doing() == 0 and time.time() < deadline:
            time.sleep(0.01)
        self.killed_mid_job = stack.jobs_doing() > 0
        restarts = stack.worker_restarts
        stack.worker.kill()
        while stack.worker_restarts == restarts:  # the supervisor starts another
            time.sleep(0.1)
        stack.worker_restarts -= 1  # this one was on purpose
        stack.sink.delay = MailSink.delay
        sending.join(timeout=60)
        self.mark("job_worker", start)

        self.at(0.82)
        self.bounce("smtp", stack.sink.stop, 3, stack.sink.start)

    def send_messages(self):
        try:
            self.stack.send_messages(5, self.writes_file)
        except OSError as error:
            log(f"could not queue messages before killing the job worker: {error!r}")

    def bounce(self, name, stop, pause, start):
        began = time.time()
        stop()
        time.sleep(pause)
        start()
        self.mark(name, began)


def main() -> dict:
    mode = dict(MODES[os.environ.get("LOAD_MODE", "short")])
    if os.environ.get("LOAD_STEPS"):
        mode["steps"] = [int(n) for n in os.environ["LOAD_STEPS"].split(",")]
    for key in ("step_s", "steady_s", "per_commune"):
        if os.environ.get(f"LOAD_{key.upper()}"):
            mode[key] = int(os.environ[f"LOAD_{key.upper()}"])
    mode["per_commune"] = max(mode["per_commune"], max(mode["steps"]) // 3 + 1)
    work = Path(tempfile.mkdtemp(prefix="reseau-load-"))
    stack = Stack(work, mode)
    try:
        behind_nginx = stack.start()
        hosts = [stack.nginx_port] if behind_nginx else stack.web_ports
        log(
            f"stack up ({'nginx' if behind_nginx else 'no nginx: Locust spreads the load'}), work {work}"
        )
        cpu = CpuSampler(stack.roles)
        cpu.start()
        users, ramp_max_users, steps = ramp(stack, mode, hosts, cpu)
        log(
            f"steady load: {users} users for {mode['steady_s']} s (the ramp met the target up to {ramp_max_users})"
        )
        residents = max(1, users * 4 // 5)
        sockets_out = work / "sockets.json"
        sockets = subprocess.Popen(
            [sys.executable, "-m", "tests.bench.load.sockets", str(hosts[0]),
             str(work / "users.json"), str(sockets_out), str(residents)],
            cwd=ROOT, env=stack.env(), stdout=subprocess.PIPE,
            stderr=open(work / "sockets.log", "a"),  # noqa: SIM115
        )  # fmt: skip
        stack.sockets = sockets
        sockets.stdout.readline()  # "ready"
        requests_file, writes_file = work / "steady.tsv", work / "writes.jsonl"
        steady_start = time.time()
        locusts = run_locust(stack, users, mode["steady_s"], requests_file, writes_file, hosts)
        faults = Faults(stack, mode["steady_s"], writes_file)
        faults.start()
        for process in locusts:
            process.wait()
        steady_end = time.time()
        faults.join(timeout=120)
        cpu.stop()
        sockets.send_signal(signal.SIGTERM)
        sockets.wait(timeout=30)
        socket_summary = json.loads(sockets_out.read_text()) if sockets_out.exists() else {}
        # Let the job worker finish what the evening queued (the mail included);
        # the job of the killed worker comes back within about two minutes
        # (reseau.tasks.retry_stalled_jobs).
        deadline = time.time() + 240
        while stack.jobs_pending() and time.time() < deadline:
            time.sleep(1)
        checked = json.loads(
            subprocess.run(
                [sys.executable, "-m", "tests.bench.load.check", str(writes_file)],
                cwd=ROOT, env=stack.env(), check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        rows = read_requests(requests_file)
        steady = window_stats(rows, steady_start, steady_end + 10)
        windows = [(m["start"], m["end"] + 5) for m in faults.marks]
        outside = [r for r in rows if not any(a <= r[0] < b for a, b in windows)]
        errors_outside = sum(1 for r in outside if is_error(r[3]))
        calm = window_stats(outside, steady_start, steady_end + 10)
        segments = between_faults(rows, cpu, steady_start, steady_end, faults.marks)
        daphne = next((m for m in faults.marks if m["fault"] == "daphne"), None)
        worker_kill_errors = (
            sum(1 for r in rows if daphne["start"] <= r[0] < daphne["end"] + 5 and is_error(r[3]))
            if daphne else None
        )  # fmt: skip
        received = stack.sink.received
        digests = [m["digest"] for m in received]
        duration = max(1.0, steady_end - steady_start)
        write_chart(
            ROOT / "docs" / "bench-load.svg",
            rows, steady_start, faults.marks,
            title=f"make bench-load ({os.environ.get('LOAD_MODE', 'short')} mode): {users} users",
        )  # fmt: skip
        details = {
            "mode": os.environ.get("LOAD_MODE", "short"),
            "behind_nginx": behind_nginx,
            "ramp_steps": mode["steps"],
            "ramp": steps,
            "cpu_steady": cpu.share(steady_start, steady_end),
            "between_faults": segments,
            "errors_5xx_during_faults": steady["errors"] - errors_outside,
            "sockets": socket_summary,
            "faults": [
                {
                    **m,
                    "start": round(m["start"] - steady_start, 1),
                    "end": round(m["end"] - steady_start, 1),
                }
                for m in faults.marks
            ],  # fmt: skip
            "fault_thread_error": faults.error,
            "job_killed_mid_job": getattr(faults, "killed_mid_job", None),
            "job_worker_restarts_after_its_own_exit": stack.worker_restarts,
            "emails_received": len(received),
            "check": checked,
        }
        log(json.dumps(details))
        return {
            "users": users,
            "ramp_max_users": ramp_max_users,
            "steady_s": round(duration),
            "requests": steady["requests"],
            "rps": round(steady["requests"] / duration, 1),
            # Outside the fault windows (each fault and the 5 s after it), as
            # the targets; the whole steady phase beside them.
            "p95_ms": calm["p95_ms"],
            "p99_ms": calm["p99_ms"],
            "p95_ms_with_faults": steady["p95_ms"],
            "errors_5xx": errors_outside,
            "acknowledged_writes": checked["acknowledged_writes"],
            "lost_writes": checked["lost_writes"],
            "duplicate_emails": len(digests) - len(set(digests)),
            # Message emails a resident asked for that never left, and jobs
            # given up (each is a lost email or notification).
            "lost_emails": checked["message_emails_expected"]
            - checked["message_emails_marked_sent"],
            "failed_jobs": checked["jobs_by_status"].get("failed", 0),
            "db_recovery_s": faults.db_recovery_s,
            "worker_kill_errors": worker_kill_errors,
        }
    finally:
        stack.stop()
        if not os.environ.get("LOAD_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(main()))
