"""Fixtures in the manner of the Flask tutorial: app, client, runner, auth; plus a real SMTP server."""

import asyncio
import email
import email.policy
import os
import re
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from akn_intranet import create_app
from akn_intranet.demo import DEMO_PASSWORD, seed_demo_accounts
from akn_intranet.extensions import db
from akn_intranet.mail.sending import SENDER_THREAD

from .forum_steps import Database

COORDINATOR = "koordination@akn.example"
PG_TEMPLATE = f"akn_test_template_{os.getpid()}"  # one per test run: runs in parallel do not collide
START = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


class Clock:
    """The app's clock in tests: starts at a fixed moment and moves only when told."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class FormFinder(HTMLParser):
    """The hidden fields of each POST form on a page, keyed by the path the form posts to."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: dict[str, dict[str, list[str]]] = {}
        self._current: dict[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "get").lower() == "post":
            action = urlsplit(attributes.get("action") or self.page_path).path
            self._current = self.forms.setdefault(action, {})
        elif tag == "input" and self._current is not None and attributes.get("type") == "hidden" and attributes.get("name"):
            self._current.setdefault(attributes["name"], []).append(attributes.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


class Client(FlaskClient):
    """A test client that posts like a browser: from the form a page rendered, with that form's
    CSRF token and hidden fields (the client adds no token of its own; CSRF stays on in tests)."""

    def form_fields(self, page: str, action: str) -> dict[str, list[str]]:
        """The hidden fields of the form on ``page`` that posts to ``action``; fails if there is none."""
        response = self.get(page)
        finder = FormFinder(urlsplit(page).path)
        finder.feed(response.get_data(as_text=True))
        path = urlsplit(action).path
        assert path in finder.forms, f"{page} ({response.status_code}) shows no form posting to {path}: {sorted(finder.forms)}"
        return finder.forms[path]

    def submit(self, url: str, data: dict | None = None, *, page: str | None = None, **kwargs):
        """Post ``data`` through the form that ``page`` (default: ``url`` itself) renders for ``url``."""
        return self.post(url, data={**self.form_fields(page or url, url), **(data or {})}, **kwargs)

    def csrf_token(self) -> str:
        """The token of the session as any page's logout or login form carries it (for a stale tab)."""
        page = self.get("/anmelden").get_data(as_text=True)
        match = CSRF.search(page)
        return match.group(1) or match.group(2)

    def post_stale(self, url: str, data: dict | None = None, **kwargs):
        """Post as from a tab opened earlier: a valid session token, but no page now offers this form."""
        return self.post(url, data={**(data or {}), "csrf_token": self.csrf_token()}, **kwargs)


class AuthActions:
    def __init__(self, client: Client) -> None:
        self._client = client

    def login(self, email: str = COORDINATOR, password: str = DEMO_PASSWORD):
        return self._client.submit("/anmelden", {"email": email, "password": password})

    def logout(self):
        """Press "Abmelden" in the navigation; with nobody logged in there is nothing to press."""
        if self._client.get("/").status_code != 200:
            return None
        return self._client.submit("/abmelden", page="/")


class SMTPSink:
    """A real SMTP server (aiosmtpd) on a free local port that keeps every message, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []
        self.port = free_port()
        self.refusals = 0  # answer this many messages with a temporary failure
        self.gate = threading.Event()  # cleared: every message waits here, as behind a slow server
        self.gate.set()
        self.delay = 0.0  # seconds each message takes, as on a slow server
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        while not self.gate.is_set():
            await asyncio.sleep(0.01)
        await asyncio.sleep(self.delay)
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 Bitte später erneut versuchen"
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"expected {count} mails, got {len(self.messages)}"
        return self.messages

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def clear(self) -> None:
        self.messages.clear()
        self.envelopes.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    sink = SMTPSink()
    sink.start()
    yield sink
    sink.stop()


def app_config(database: Path | str, **extra: object) -> dict:
    """The app's test config; ``database`` is an SQLite file or any SQLAlchemy URL."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database if isinstance(database, str) else f"sqlite:///{database}",
        "AKN_ARGON2_TIME_COST": 1,
        "AKN_ARGON2_MEMORY_COST": 1024,
        "AKN_STRICT_TEMPLATES": True,
        "AKN_REQUIRE_2FA_FOR_COORDINATOR": False,  # the demo coordinator logs in with the password; tests turn it on
        **extra,
    }


def _seed(url: str) -> None:
    app = create_app(app_config(url))
    with app.app_context():
        db.create_all()
        seed_demo_accounts()
        db.session.commit()
        db.engine.dispose()


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory) -> Path:
    """The alliance with its demo accounts in SQLite, seeded once and copied for every test."""
    path = tmp_path_factory.mktemp("seed") / "akn.sqlite3"
    _seed(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """An AUTOCOMMIT engine on the server named by AKN_TEST_DATABASE_URL, with a seeded template database."""
    server_url = os.environ.get("AKN_TEST_DATABASE_URL")
    if not server_url:
        if os.environ.get("AKN_REQUIRE_POSTGRES") == "1":
            pytest.fail("AKN_REQUIRE_POSTGRES=1 but AKN_TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL suite: set AKN_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)")
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {PG_TEMPLATE}"))
    _seed(make_url(server_url).set(database=PG_TEMPLATE).render_as_string(hide_password=False))
    yield admin, server_url
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)"))
    admin.dispose()


@contextmanager
def postgres_database(request, template: str | None = None) -> Iterator[str]:
    """A database of its own on the test server (a copy of ``template``, or empty), dropped afterwards."""
    admin, server_url = request.getfixturevalue("postgres_server")
    name = f"akn_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, seeded_database):
    """A fresh copy of the seeded alliance for one test, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        database = tmp_path / "akn.sqlite3"
        shutil.copy(seeded_database, database)
        yield f"sqlite:///{database}"
        return
    with postgres_database(request, template=PG_TEMPLATE) as url:
        yield url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(request, tmp_path, monkeypatch, database_url, clock):
    monkeypatch.setenv("AKN_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    extra: dict = {"AKN_CLOCK": clock}
    if "smtp" in request.fixturenames:
        sink = request.getfixturevalue("smtp")
        extra.update(AKN_SEND_MAIL=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port)
    app = create_app(app_config(database_url, **extra))
    app.test_client_class = Client
    yield app
    for thread in threading.enumerate():  # let background mail senders finish before the database goes
        if thread.name == SENDER_THREAD:
            thread.join(timeout=10)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def database(app):
    """A read-only look at the app's database through an engine of its own (plain deferred transactions)."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    session = Session(engine)
    yield Database(session)
    session.close()
    engine.dispose()
