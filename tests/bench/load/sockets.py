"""One websocket per resident of the load, held open through nginx for the
whole steady phase (run by run.py): logs each resident in, connects to /ws/,
and when a socket closes (its worker was killed) connects again after the
page's back-off (live.js: 1 s, 2 s, 4 s… here at most 8 s). On SIGTERM, writes a
summary as JSON to argv[3]: sockets, connected, reconnections, slowest
reconnection, events received."""

import asyncio
import http.cookiejar
import json
import signal
import sys
import time
import urllib.parse
import urllib.request

from websockets.asyncio.client import connect


def login(port: int, slug: str, email: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    headers = {"Host": f"{slug}.localhost:{port}"}
    url = f"http://127.0.0.1:{port}/accounts/login/"
    opener.open(urllib.request.Request(url, headers=headers), timeout=30).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": csrf}
    ).encode()
    opener.open(urllib.request.Request(url, data=form, headers=headers), timeout=30).read()
    return next(c.value for c in jar if c.name == "sessionid")


class Holder:
    def __init__(self, port):
        self.port = port
        self.connected = 0
        self.reconnections = 0
        self.slowest = 0.0
        self.events = 0

    async def hold(self, slug, session):
        host = f"{slug}.localhost:{self.port}"
        attempt, lost_at = 0, None
        while True:
            try:
                async with connect(
                    f"ws://{host}/ws/",
                    host="127.0.0.1",
                    port=self.port,
                    origin=f"http://{host}",
                    additional_headers={"Cookie": f"sessionid={session}"},
                    open_timeout=10,
                    ping_interval=None,
                ) as socket:
                    self.connected += 1
                    if lost_at is not None:
                        self.reconnections += 1
                        self.slowest = max(self.slowest, time.monotonic() - lost_at)
                    attempt, lost_at = 0, None
                    try:
                        async for _message in socket:
                            self.events += 1
                    finally:
                        self.connected -= 1
            except Exception:  # noqa: S110 (refused or cut: try again below)
                pass
            lost_at = lost_at or time.monotonic()
            await asyncio.sleep(min(8.0, 2**attempt) * 0.5 + 0.5)
            attempt += 1


async def main(port, users_file, out, count):
    data = json.load(open(users_file))  # noqa: SIM115
    accounts = [
        (commune["slug"], resident["email"])
        for index in range(200)
        for commune in data["communes"]
        if index < len(commune["residents"])
        for resident in [commune["residents"][index]]
    ][:count]
    loop = asyncio.get_running_loop()
    sessions = [
        (slug, await loop.run_in_executor(None, login, port, slug, email, data["password"]))
        for slug, email in accounts
    ]
    holder = Holder(port)
    tasks = [asyncio.create_task(holder.hold(slug, session)) for slug, session in sessions]
    stopping = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    print("ready", flush=True)
    await stopping.wait()
    summary = {
        "sockets": len(tasks),
        "connected": holder.connected,
        "reconnections": holder.reconnections,
        "slowest_reconnection_s": round(holder.slowest, 2),
        "events": holder.events,
    }
    for item in tasks:
        item.cancel()
    with open(out, "w") as handle:
        json.dump(summary, handle)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])))
