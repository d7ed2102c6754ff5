"""Shared fixtures: the app on a migrated database, clients, factories and a live server.

The suite runs on SQLite by default and on PostgreSQL when REGISTER_TEST_DATABASE_URL is set
(CI runs it both ways). The schema is created once per session by the Alembic migrations;
every test starts from empty tables.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from werkzeug.serving import make_server

from register import create_app
from register.activities.models import Activity, ActivityStatus, Role
from register.auth.factors.encryption import encrypt_secret
from register.auth.models import TotpFactor, User, UserRole
from register.auth.passwords import hash_password
from register.auth.permissions import must_have_second_factor
from register.db import utcnow
from register.extensions import db
from register.jobs.queue import queue
from register.jobs.worker import run_burst
from register.mail.sink import CollectingHandler, start_sink
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product, ProductKind
from register.vocabularies.models import Term, Vocabulary

settings.register_profile(
    "default",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("default")

PASSWORD = "correct horse battery staple"

# The authenticator secret of every user the `make_user` factory enrolled, by e-mail address
# (the newest user with an address wins), and the last TOTP step handed out per secret.
TOTP_SECRETS: dict[str, str] = {}
_LAST_STEP: dict[str, int] = {}


def totp_code(email: str) -> str:
    """The code the user's authenticator app shows now, never one handed out before.

    The register refuses a code of a step it already accepted; a third sign-in of one user
    within a step therefore waits for the next step.
    """
    secret = TOTP_SECRETS[email.strip().lower()]
    step = int(time.time() // 30)
    wanted = max(step, _LAST_STEP.get(secret, -1) + 1)
    if wanted > step + 1:
        time.sleep(max(0.0, (wanted - 1) * 30 - time.time()) + 0.05)
    _LAST_STEP[secret] = wanted
    return pyotp.TOTP(secret).at(wanted * 30)


def enrol_on_page(client: FlaskClient, url: str = "/aanmelden/tweede-factor") -> tuple[str, Any]:
    """Set up an authenticator app through the enrolment page, as a person with a phone would.

    Returns the secret read from the page and the answer to the confirmed code.
    """
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'class="totp-secret">([A-Z2-7 ]+)<', page)
    assert match, "no authenticator key on the enrolment page"
    secret = match.group(1).replace(" ", "")
    response = client.post(url, data={"code": pyotp.TOTP(secret).now()})
    return secret, response


def enrol_totp(user: User) -> str:
    """Give the user (in the current app context and session) a confirmed authenticator."""
    secret = pyotp.random_base32()
    db.session.add(
        TotpFactor(user_id=user.id, secret_encrypted=encrypt_secret(secret), confirmed_at=utcnow())
    )
    TOTP_SECRETS[user.email.lower()] = secret
    return secret


def test_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    """The configuration every test app starts from."""
    config = {
        "TESTING": True,
        "REGISTER_ENV": "testing",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Cheap argon2id parameters keep the suite fast; production uses the defaults.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8192,
        "ARGON2_PARALLELISM": 1,
        "SERVER_NAME": None,
        # Staged import uploads go to a temporary folder, never the real instance folder.
        "EXCHANGE_STAGING_DIR": os.path.join(
            tempfile.gettempdir(), f"register-staging-{os.getpid()}"
        ),
        # Jobs queue in a temporary SQLite file (emptied after every test); no mail server
        # unless the test starts one (`smtp_server`); retries come quickly.
        "QUEUE_URL": "sqlite:///"
        + os.path.join(tempfile.gettempdir(), f"register-jobs-{os.getpid()}.db"),
        "MAIL_URL": None,
        "MAIL_RETRY_DELAY": 0.2,
    }
    config.update(overrides)
    return config


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def _worker_database(url: str, worker: str) -> str:
    """The PostgreSQL database of one pytest-xdist worker (`test_gw0`, ...), created if missing.

    Workers run side by side, so each gets a database of its own on the same server.
    """
    base = sa.make_url(url)
    name = f"{base.database}_{worker}"
    engine = _engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_schema(url: str) -> None:
    engine = _engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    """A database migrated to the newest revision, once per test session (and xdist worker)."""
    from flask_migrate import upgrade

    url = os.environ.get("REGISTER_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'register-test.db'}"
    )
    if url.startswith("postgresql") and worker_id != "master":
        url = _worker_database(url, worker_id)
    _reset_schema(url)
    app = create_app(test_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def _empty_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build an app with extra settings; tables are emptied afterwards."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = create_app(test_config(database_url, **overrides))
        apps.append(app)
        return app

    yield factory
    queue.flush()
    for app in apps:
        with app.app_context():
            db.session.rollback()
            _empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Any]:
    """db.session inside an app context, for service and model tests."""
    with app.app_context():
        yield db.session
        db.session.rollback()


@functools.cache
def _password_hash(password: str) -> str:
    """Hashes are computed once per password and reused (argon2 is slow on purpose).

    Called inside a test app's context: every test app has the same argon2 parameters, and
    building an app of its own here would bind the job queue to that app instead.
    """
    return hash_password(password)


@pytest.fixture
def make_organisation(app: Flask) -> Callable[..., Organisation]:
    counter = iter(range(1, 1_000_000))

    def factory(kind: OrganisationKind = OrganisationKind.SCHOOL, **fields: Any) -> Organisation:
        n = next(counter)
        fields.setdefault("name", f"Organisatie {n}")
        if kind is OrganisationKind.SCHOOL:
            fields.setdefault("brin", f"{n:02d}XX"[:8])
            fields.setdefault("kvk", f"{40000000 + n}")
        with app.app_context():
            org = Organisation(kind=kind, **fields)
            db.session.add(org)
            db.session.commit()
            db.session.refresh(org)
            db.session.expunge(org)
            return org

    return factory


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    counter = iter(range(1, 1_000_000))

    def factory(
        role: UserRole = UserRole.PRIVACY,
        *,
        organisations: list[Organisation] = (),  # type: ignore[assignment]
        signatory: bool = False,
        password: str = PASSWORD,
        second_factor: bool | None = None,
        **fields: Any,
    ) -> User:
        """A user; those who must have a second factor get an authenticator app, unless
        `second_factor=False` (the first sign-in then sets one up)."""
        n = next(counter)
        fields.setdefault("email", f"{role.value}{n}@example.nl")
        fields.setdefault("name", f"Gebruiker {n}")
        with app.app_context():
            user = User(
                role=role, password_hash=_password_hash(password), is_signatory=signatory, **fields
            )
            user.organisations = [db.session.get(Organisation, o.id) for o in organisations]
            db.session.add(user)
            db.session.flush()
            if second_factor or (second_factor is None and must_have_second_factor(user)):
                enrol_totp(user)
            db.session.commit()
            db.session.refresh(user)
            _ = user.organisations
            db.session.expunge(user)
            return user

    return factory


@pytest.fixture
def make_term(app: Flask) -> Callable[..., Term]:
    counter = iter(range(1, 1_000_000))

    def factory(vocabulary: Vocabulary, label: str | None = None, **fields: Any) -> Term:
        n = next(counter)
        label = label or f"{vocabulary.value} {n}"
        with app.app_context():
            term = Term(
                vocabulary=vocabulary, label=label, code=fields.pop("code", f"t{n}"), **fields
            )
            db.session.add(term)
            db.session.commit()
            db.session.refresh(term)
            db.session.expunge(term)
            return term

    return factory


@pytest.fixture
def make_product(app: Flask) -> Callable[..., Product]:
    counter = iter(range(1, 1_000_000))

    def factory(**fields: Any) -> Product:
        n = next(counter)
        fields.setdefault("code", f"P{n}")
        fields.setdefault("name", f"Product {n}")
        fields.setdefault("kind", ProductKind.LEARNING_PRODUCT)
        with app.app_context():
            product = Product(**fields)
            db.session.add(product)
            db.session.commit()
            db.session.refresh(product)
            db.session.expunge(product)
            return product

    return factory


@pytest.fixture
def make_licence(app: Flask) -> Callable[..., Licence]:
    def factory(organisation: Organisation, product: Product, **fields: Any) -> Licence:
        fields.setdefault("start_date", dt.date(2024, 8, 1))
        with app.app_context():
            licence = Licence(organisation_id=organisation.id, product_id=product.id, **fields)
            db.session.add(licence)
            db.session.commit()
            db.session.refresh(licence)
            db.session.expunge(licence)
            return licence

    return factory


@pytest.fixture
def make_activity(app: Flask) -> Callable[..., Activity]:
    """A bare activity row; tests that need a complete record add its parts themselves."""
    counter = iter(range(1, 1_000_000))

    def factory(**fields: Any) -> Activity:
        n = next(counter)
        fields.setdefault("name", f"Verwerking {n}")
        fields.setdefault("role", Role.CONTROLLER)
        fields.setdefault("status", ActivityStatus.DRAFT)
        with app.app_context():
            activity = Activity(**fields)
            db.session.add(activity)
            db.session.commit()
            db.session.refresh(activity)
            db.session.expunge(activity)
            return activity

    return factory


class AuthActions:
    """Sign in and out through the real sign-in form (and the code page, where asked)."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = PASSWORD, next: str | None = None) -> Any:
        url = "/aanmelden" if next is None else f"/aanmelden?next={next}"
        response = self._client.post(url, data={"email": email, "password": password})
        if response.status_code == 302 and response.headers["Location"] == "/aanmelden/code":
            response = self._client.post("/aanmelden/code", data={"code": totp_code(email)})
        return response

    def give_code(self, email: str) -> Any:
        """Confirm with a fresh code (the step-up before signing)."""
        return self._client.post("/bevestigen", data={"code": totp_code(email)})

    def login_as(self, user: User) -> Any:
        response = self.login(user.email)
        assert response.status_code == 302, "sign-in failed"
        return response

    def logout(self) -> Any:
        return self._client.post("/afmelden")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


class SmtpServer:
    """A real SMTP server in the test process (aiosmtpd); what it received, parsed."""

    def __init__(self) -> None:
        self.handler = CollectingHandler()
        self._controller = start_sink(self.handler)
        self.url = f"smtp://127.0.0.1:{self._controller.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        return list(self.handler.messages)

    def to(self, address: str) -> list[EmailMessage]:
        """The messages addressed to `address`."""
        return [m for m in self.messages if m["To"] == address]

    def recipients(self) -> list[str]:
        """Every To address received, sorted (one entry per message)."""
        return sorted(str(m["To"]) for m in self.messages)

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        """Wait until at least `count` messages arrived."""
        with self.handler.received:
            self.handler.received.wait_for(lambda: len(self.handler.messages) >= count, timeout)
        return self.messages

    def stop(self) -> None:
        self._controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free port; build the app with MAIL_URL=smtp_server.url."""
    server = SmtpServer()
    yield server
    server.stop()


def body_text(message: EmailMessage) -> str:
    """The plain-text part of a received message."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def body_html(message: EmailMessage) -> str:
    """The HTML part of a received message."""
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


@pytest.fixture
def run_jobs() -> Callable[..., int]:
    """Run a real worker in this process until nothing is queued (`worker --burst`).

    Jobs run in `app` (default: the app built last). Retries scheduled within `wait`
    seconds are waited for. Returns the number of jobs run.
    """

    def run(app: Flask | None = None, wait: float = 10.0) -> int:
        from register.jobs.queue import bound_app

        return run_burst(app or bound_app(), wait_scheduled=wait)

    return run


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def live_server(make_app: Callable[..., Flask]) -> Iterator[LiveServer]:
    """The app served over HTTP on loopback, with CSRF on as in production."""
    app = make_app(WTF_CSRF_ENABLED=True)
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


# How long a browser step may wait for the live server: generous, because the suite runs on
# every core beside the PDF workers and chromium itself; a passing step does not wait it out.
BROWSER_TIMEOUT_MS = 30_000

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("REGISTER_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.fail(f"{executable} is missing: run `make test`, which installs chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser context (own cookies) pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    pg = context.new_page()
    yield pg
    context.close()


def browser_login(page: Any, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form in the browser."""
    page.goto("/aanmelden")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    if page.url.endswith("/aanmelden/code"):
        page.get_by_label("Code", exact=True).fill(totp_code(email))
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_load_state()
