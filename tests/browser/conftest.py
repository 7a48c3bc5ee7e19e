"""A live server and Chromium (through Playwright) for the browser tests.

The browser is Debian's Chromium at ``/usr/bin/chromium``; Playwright never
downloads one. Without Chromium or Playwright the browser tests are skipped,
unless ``AKN_REQUIRE_BROWSER=1`` (as in CI): then a missing browser fails the run.
The same holds for axe-core (``make axe``), which the accessibility test injects.
"""

import importlib.util
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from akn_intranet import create_app
from akn_intranet.extensions import db

from ..conftest import app_config, free_port
from ..forum_steps import Database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
A4 = {"width": 794, "height": 1123}  # CSS pixels at 96 dpi
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"  # make axe (npm ci)
# Playwright's default is 30 s; a page of this app answers in milliseconds.
TIMEOUT_MS = 10_000


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the app in a real browser (Chromium through Playwright)")


AUDIT_SUMMARY = pytest.StashKey[str]()  # the accessibility test's figures, for the end of the run


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # noqa: ANN001  pytest's reporter
    """The number of pages axe-core audited, in the CI log (a passing test's print is captured)."""
    if AUDIT_SUMMARY in config.stash:
        terminalreporter.write_line(config.stash[AUDIT_SUMMARY])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test, so fixtures can tell whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def require(reason: str | None) -> None:
    """Skip for ``reason``; fail instead when AKN_REQUIRE_BROWSER=1 (CI must not skip silently)."""
    if reason is None:
        return
    if os.environ.get("AKN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"AKN_REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


def require_browser() -> None:
    require(browser_missing())


def require_axe() -> Path:
    """axe-core's script as ``make axe`` installs it from the npm registry (package-lock.json)."""
    require(None if AXE.is_file() else f"axe-core not found at {AXE} (make axe)")
    return AXE


class LiveServer:
    def __init__(self, url: str, app) -> None:
        self.url = url
        self.app = app

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture
def live_server(tmp_path, monkeypatch, seeded_database, clock, smtp) -> Iterator[LiveServer]:
    """The app on a free port of 127.0.0.1, sending mail to the SMTP fixture; links in mails point here."""
    monkeypatch.setenv("AKN_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    database = tmp_path / "akn.sqlite3"
    shutil.copy(seeded_database, database)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(
        app_config(
            database,
            AKN_CLOCK=clock,
            AKN_SEND_MAIL=True,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=smtp.port,
            AKN_BASE_URL=url,
        )
    )
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(url, app)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_database(live_server) -> Iterator[Database]:
    """A read-only look at the live server's database, through an engine of its own."""
    engine = create_engine(live_server.app.config["SQLALCHEMY_DATABASE_URI"])
    session = Session(engine)
    yield Database(session)
    session.close()
    engine.dispose()


@pytest.fixture(scope="package")  # one Chromium for the browser tests, closed before the other tests run
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(request, browser) -> Iterator[Callable]:
    """A page in a browser context of its own: one person, one set of cookies.

    When the test fails, every page it opened is saved as test-artifacts/failure-<test>-<n>.png.
    """
    contexts = []

    def open_page(**options: object):
        context = browser.new_context(viewport=DESKTOP, locale="de-DE", timezone_id="Europe/Berlin", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            page.screenshot(path=ARTIFACTS / f"failure-{request.node.name}-{number}.png", full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


class Screenshots:
    """Full-page screenshots into test-artifacts/ (gitignored), for people to look at."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(exist_ok=True)
        self.directory = directory

    def take(self, page, name: str) -> None:
        """<name>-desktop.png and <name>-phone.png."""
        original = page.viewport_size
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=self.directory / f"{name}-{label}.png", full_page=True)
        page.set_viewport_size(original)

    def take_print(self, page, name: str) -> None:
        """<name>-print.png: the page with print styles, about as wide as A4."""
        original = page.viewport_size
        page.emulate_media(media="print")
        page.set_viewport_size(A4)
        page.screenshot(path=self.directory / f"{name}-print.png", full_page=True)
        page.emulate_media(media="screen")
        page.set_viewport_size(original)


@pytest.fixture
def screenshots() -> Screenshots:
    return Screenshots(ARTIFACTS)
