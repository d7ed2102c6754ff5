"""Reliability under load: concurrent clients on gunicorn and PostgreSQL, nothing lost.

Builds a fresh PostgreSQL database (`REGISTER_BENCH_DATABASE_URL`, default
`postgresql://postgres@127.0.0.1:5432/bench_reliability`; dropped and created) through the
migrations, loads the demo register (with its agreements) and one privacy officer per
client, starts gunicorn on it, then lets the clients, each signed in through the real
sign-in and code pages, run for the given time over a mix of:

- pages (overview, an activity, its history, the dashboard, the agreements);
- edits of the same two activities by everyone (the edit form, read and posted back with a
  marker in the description);
- downloads (a stored agreement PDF, the audit trail as CSV; both audited).

Afterwards it counts errors (5xx, connection failures, an edit answered with neither a save
nor the Dutch stale-data message), lost updates (an accepted save missing from the history)
and verifies the audit chain. Prints figures; exits 1 when anything was lost or wrong.

    .venv/bin/python -m bench.reliability [CLIENTS] [SECONDS]    # defaults: 50 60
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from flask_migrate import upgrade

from register import create_app
from register.activities.models import Activity, ActivityVersion
from register.agreements.models import Agreement
from register.audit.verify import verify_chain
from register.auth.models import User, UserRole
from register.auth.passwords import hash_password
from register.demo.services import load_demo
from register.extensions import db
from tests.conftest import enrol_totp, totp_code

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench_reliability"
PASSWORD = "reliability bench 2026"
MARK = "Bewerkt door de bank: "
STALE = "Iemand anders heeft deze verwerking intussen gewijzigd"
SECRET_KEY = "reliability-bench-only"
ENVIRONMENT = {
    "REGISTER_SECRET_KEY": SECRET_KEY,
    "REGISTER_RATELIMIT_ENABLED": "false",
    "REGISTER_SESSION_COOKIE_SECURE": "false",  # plain http on localhost
    "REGISTER_ARGON2_TIME_COST": "1",
    "REGISTER_ARGON2_MEMORY_COST": "8192",
    "REGISTER_ARGON2_PARALLELISM": "1",
}


class _Form(HTMLParser):
    """The fields of a page's form with a given class, as a browser would submit them."""

    def __init__(self, form_class: str) -> None:
        super().__init__()
        self.form_class = form_class
        self.fields: list[tuple[str, str]] = []
        self._state = "before"  # before, in, after
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and self._state == "before" and self.form_class in a.get("class", ""):
            self._state = "in"
        if self._state != "in":
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value", "y" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._state != "in":
            return
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._state = "after"


def form_fields(html: str, form_class: str = "activity-form") -> list[tuple[str, str]]:
    parser = _Form(form_class)
    parser.feed(html)
    return parser.fields


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    return found.group(1) if found else ""


@dataclass
class Figures:
    """What the clients saw, shared between their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    accepted: list[tuple[int, str]] = field(default_factory=list)
    refused: int = 0

    def time(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


@dataclass(frozen=True)
class Targets:
    activities: list[int]
    shared: list[int]
    downloads: list[str]
    emails: list[str]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fresh_database(url: str) -> None:
    base = sa.engine.make_url(url)
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{base.database}"'))
    admin.dispose()


def _app(url: str, instance: str) -> Any:
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET_KEY,
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8192,
            "ARGON2_PARALLELISM": 1,
            "EXCHANGE_STAGING_DIR": instance,
        }
    )


def prepare(app: Any, clients: int, agreements: bool = True) -> Targets:
    """Migrate, load the demo (with its agreements) and one enrolled privacy officer per client."""
    with app.app_context():
        upgrade()
        # A loaded machine renders slowly; without agreements the demo loads in seconds.
        load_demo(db.session, agreements_timeout=600.0 if agreements else None)
        password = hash_password(PASSWORD)
        users = [
            User(
                email=f"bench{i}@kpcgroep.example",
                name=f"Bench {i}",
                role=UserRole.PRIVACY,
                password_hash=password,
            )
            for i in range(clients)
        ]
        db.session.add_all(users)
        db.session.flush()
        for user in users:
            enrol_totp(user)
        db.session.commit()
        activities = list(db.session.scalars(sa.select(Activity.id).order_by(Activity.id)))
        sent = db.session.scalars(
            sa.select(Agreement.id).where(Agreement.document_sha256.is_not(None)).limit(1)
        )
        downloads = [
            "/audit/export.csv",
            *(f"/overeenkomsten/{agreement}/document/overeenkomst" for agreement in sent),
        ]
        return Targets(activities, activities[:2], downloads, [u.email for u in users])


def sign_in(base: str, email: str) -> requests.Session:
    client = requests.Session()
    page = client.get(f"{base}/aanmelden")
    response = client.post(
        f"{base}/aanmelden",
        data={"email": email, "password": PASSWORD, "csrf_token": _csrf(page.text)},
        allow_redirects=False,
    )
    if response.headers.get("Location", "").endswith("/aanmelden/code"):
        page = client.get(f"{base}/aanmelden/code")
        response = client.post(
            f"{base}/aanmelden/code",
            data={"code": totp_code(email), "csrf_token": _csrf(page.text)},
            allow_redirects=False,
        )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of {email} failed: {response.status_code}")
    return client


def _edit(
    client: requests.Session, base: str, activity: int, marker: str, figures: Figures
) -> None:
    url = f"{base}/verwerkingen/{activity}/bewerken"
    fields = form_fields(client.get(url).text)
    fields = [
        (k, f"Bewerkt door de bank: {marker}" if k == "description" else v) for k, v in fields
    ]
    time.sleep(random.uniform(0, 0.2))  # reading the form, as people do
    response = client.post(url, data=fields, allow_redirects=False)
    if response.status_code == 302:
        with figures.lock:
            figures.accepted.append((activity, marker))
    elif response.status_code == 409 and STALE in response.text:
        with figures.lock:
            figures.refused += 1
    else:
        figures.error(f"edit {activity}: {response.status_code} without a save or stale message")


def client_loop(base: str, email: str, targets: Targets, deadline: float, figures: Figures) -> None:
    try:
        client = sign_in(base, email)
    except (requests.RequestException, RuntimeError) as error:
        figures.error(str(error))
        return
    pages = ["/verwerkingen/", "/dashboard", "/overeenkomsten/"]
    number = 0
    while time.monotonic() < deadline:
        number += 1
        roll = random.random()
        started = time.perf_counter()
        try:
            if roll < 0.5:
                kind = "page"
                activity = random.choice(targets.activities)
                url = random.choice(
                    [*pages, f"/verwerkingen/{activity}", f"/verwerkingen/{activity}/geschiedenis"]
                )
                response = client.get(base + url)
                if response.status_code != 200:
                    figures.error(f"GET {url}: {response.status_code}")
            elif roll < 0.8:
                kind = "edit"
                _edit(client, base, random.choice(targets.shared), f"{email}#{number}", figures)
            else:
                kind = "download"
                url = random.choice(targets.downloads)
                response = client.get(base + url)
                if response.status_code != 200 or not response.content:
                    figures.error(f"GET {url}: {response.status_code}")
        except requests.RequestException as error:
            figures.error(f"{type(error).__name__}: {error}")
            continue
        figures.time(kind, time.perf_counter() - started)


def check(app: Any, figures: Figures) -> tuple[int, bool]:
    """(lost updates, audit chain verifies) read back from the database."""
    with app.app_context():
        saved = {
            (activity_id, snapshot.get("description", ""))
            for activity_id, snapshot in db.session.execute(
                sa.select(ActivityVersion.activity_id, ActivityVersion.snapshot)
            )
        }
        lost = [(a, m) for a, m in figures.accepted if (a, f"{MARK}{m}") not in saved]
        with db.engine.connect() as connection:
            chain = verify_chain(connection)
    return len(lost), bool(chain.ok)


def _start_gunicorn(url: str, instance: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, **ENVIRONMENT, REGISTER_DATABASE_URL=url)
    env["REGISTER_EXCHANGE_STAGING_DIR"] = instance
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "register:create_app()",
    ]
    server = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
    for _ in range(300):
        try:
            requests.get(f"http://127.0.0.1:{port}/aanmelden", timeout=1)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def run(
    url: str, clients: int, seconds: float, *, workers: int = 4, agreements: bool = True
) -> dict[str, Any]:
    """Run the whole bench; return its figures."""
    _fresh_database(url)
    with tempfile.TemporaryDirectory() as instance:
        app = _app(url, instance)
        started = time.perf_counter()
        targets = prepare(app, clients, agreements)
        print(f"database prepared in {time.perf_counter() - started:.1f} s")
        port = _free_port()
        server = _start_gunicorn(url, instance, port, workers)
        figures = Figures()
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + seconds
            threads = [
                threading.Thread(target=client_loop, args=(base, email, targets, deadline, figures))
                for email in targets.emails
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        lost, chain_ok = check(app, figures)
        with app.app_context():
            db.engine.dispose()
    return {
        "clients": clients,
        "seconds": seconds,
        "requests": sum(len(v) for v in figures.latencies.values()),
        "latencies": dict(figures.latencies),
        "errors": figures.errors,
        "accepted": len(figures.accepted),
        "refused": figures.refused,
        "lost": lost,
        "chain_ok": chain_ok,
    }


def report(result: dict[str, Any]) -> bool:
    print(
        f"{result['clients']} clients for {result['seconds']:.0f} s: {result['requests']} requests"
    )
    for kind, values in sorted(result["latencies"].items()):
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"  {kind:9} {len(values):6d}  median {statistics.median(values) * 1000:7.0f} ms"
            f"  p95 {p95 * 1000:7.0f} ms"
        )
    print(f"  errors: {len(result['errors'])}")
    for error in result["errors"][:10]:
        print(f"    {error}")
    print(
        f"  saves accepted: {result['accepted']}, refused with the stale-data message: "
        f"{result['refused']}, lost: {result['lost']}"
    )
    print(f"  audit chain verifies: {result['chain_ok']}")
    return not result["errors"] and not result["lost"] and result["chain_ok"]


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    url = os.environ.get("REGISTER_BENCH_DATABASE_URL", DEFAULT_URL)
    sys.exit(0 if report(run(url, clients, seconds)) else 1)


if __name__ == "__main__":
    main()
