"""The evening's mix (Locust, run headless by run.py): visitors browse the
platform and the communes' public pages; residents log in and read the feed,
posts and objects, search, post, comment, react, write to a neighbour and ask
to borrow an object, through the site (HTML) and the JSON API. Each request is
appended to LOAD_REQUESTS (time, name, ms, status) and each write the server
acknowledged (201 with an id, or a reaction's final state) to LOAD_WRITES."""

import itertools
import json
import os
import random
import time
from datetime import UTC, datetime, timedelta

from locust import HttpUser, between, events, task

# The residents who sign in through the form as they arrive (hashing a password
# is the costliest request: 72 at once saturated both cores); the others come
# back with the session the seed made for them.
LOGIN_SHARE = float(os.environ.get("LOAD_LOGIN_SHARE", "0.1"))
DATA = json.load(open(os.environ["LOAD_USERS"]))  # noqa: SIM115 (read once at import)
PORT = int(os.environ["LOAD_PORT"])
ACCOUNTS = itertools.cycle(
    [(commune, resident) for resident_index in range(200) for commune in DATA["communes"]
     if resident_index < len(commune["residents"])
     for resident in [commune["residents"][resident_index]]]
)  # fmt: skip
WORDS = "voisin aide jardin vélo perceuse échelle fête repas livre guitare brocante marché".split()
_requests = open(os.environ["LOAD_REQUESTS"], "a", buffering=1)  # noqa: SIM115
_writes = open(os.environ["LOAD_WRITES"], "a", buffering=1)  # noqa: SIM115


@events.request.add_listener
def _log(request_type, name, response_time, response_length, response=None, exception=None, **kw):
    status = getattr(response, "status_code", 0) if response is not None else 0
    if exception is not None and not status:
        status = 0
    _requests.write(f"{time.time():.3f}\t{request_type} {name}\t{response_time:.1f}\t{status}\n")


def acknowledged(kind: str, schema: str, **fields) -> None:
    _writes.write(json.dumps({"kind": kind, "schema": schema, **fields}) + "\n")


def host(slug: str) -> str:
    return f"{slug}.localhost:{PORT}"


def text(n: int) -> str:
    return " ".join(random.choice(WORDS) for _ in range(n))


class Visitor(HttpUser):
    """Someone who has no account: the platform and the public pages."""

    weight = 1
    wait_time = between(1, 4)

    def on_start(self):
        self.commune = random.choice(DATA["communes"])
        self.client.headers["Host"] = host(self.commune["slug"])

    @task(3)
    def home(self):
        self.client.get("/", name="visitor /")

    @task(3)
    def feed(self):
        self.client.get("/fil/", name="visitor /fil/")

    @task(1)
    def objects(self):
        self.client.get("/objets/", name="visitor /objets/")

    @task(1)
    def platform(self):
        self.client.get("/", name="platform /", headers={"Host": f"localhost:{PORT}"})


class Resident(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    def on_start(self):
        self.commune, self.me = next(ACCOUNTS)
        self.schema = self.commune["schema"]
        self.client.headers["Host"] = host(self.commune["slug"])
        self.posts = list(self.commune["posts"])
        if random.random() >= LOGIN_SHARE:
            # Back on the site, still signed in (a session lasts two weeks):
            # a page first, which also sets the CSRF cookie the API's writes need.
            self.client.cookies.set("sessionid", self.me["session"])
            self.client.get("/fil/", name="/fil/")
            return
        self.client.get("/accounts/login/", name="login form")
        self.client.post(
            "/accounts/login/",
            {
                "username": self.me["email"],
                "password": DATA["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="login",
        )

    def api(self, path, payload, name):
        return self.client.post(
            f"/api/v1{path}",
            json=payload,
            name=name,
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
        )

    def a_post(self):
        return random.choice(self.posts) if self.posts else None

    @task(6)
    def feed(self):
        self.client.get("/fil/", name="/fil/")

    @task(4)
    def read_post(self):
        if post := self.a_post():
            self.client.get(f"/fil/{post}/", name="/fil/[id]/")

    @task(2)
    def objects(self):
        self.client.get("/objets/", name="/objets/")

    @task(1)
    def object_detail(self):
        if self.commune["items"]:
            self.client.get(
                f"/objets/{random.choice(self.commune['items'])}/", name="/objets/[id]/"
            )

    @task(2)
    def search(self):
        self.client.get(f"/recherche/?q={random.choice(WORDS)}", name="/recherche/")

    @task(1)
    def notifications(self):
        self.client.get("/api/v1/notifications", name="api notifications")

    @task(1)
    def publish(self):
        response = self.api(
            "/posts", {"kind": "discussion", "title": text(4), "body": text(20)}, "api post"
        )
        if response.status_code == 201:
            post_id = response.json()["id"]
            self.posts.append(post_id)
            acknowledged("post", self.schema, id=post_id)

    @task(2)
    def comment(self):
        if post := self.a_post():
            response = self.api(f"/posts/{post}/comments", {"body": text(12)}, "api comment")
            if response.status_code == 201:
                acknowledged("comment", self.schema, id=response.json()["id"])

    @task(2)
    def react(self):
        if post := self.a_post():
            kind = random.choice(["merci", "interesse"])
            response = self.api(f"/posts/{post}/reactions", {"kind": kind}, "api reaction")
            if response.status_code in (200, 201):
                acknowledged(
                    "reaction",
                    self.schema,
                    post=post,
                    resident=self.me["id"],
                    reaction=kind,
                    active=response.json().get("active"),
                    at=time.time(),
                )

    @task(1)
    def message(self):
        others = [r for r in self.commune["residents"] if r["id"] != self.me["id"]]
        if not others:
            return
        to = random.choice(others)
        response = self.api(
            "/conversations", {"recipient_id": to["id"], "body": ""}, "api conversation"
        )
        if response.status_code != 201:
            return
        conversation = response.json()["id"]
        response = self.api(
            f"/conversations/{conversation}/messages", {"body": text(10)}, "api message"
        )
        if response.status_code == 201:
            acknowledged("message", self.schema, id=response.json()["id"], to=to["id"])

    @task(1)
    def borrow(self):
        if not self.commune["items"]:
            return
        item = random.choice(self.commune["items"])
        start = datetime.now(tz=UTC).date() + timedelta(days=random.randint(30, 900))
        response = self.api(
            f"/objects/{item}/loans",
            {"starts_on": start.isoformat(), "ends_on": (start + timedelta(days=1)).isoformat()},
            "api loan",
        )
        if response.status_code == 201:
            acknowledged("loan", self.schema, id=response.json()["id"])
