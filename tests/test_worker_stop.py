"""A gunicorn worker that stops on purpose while it sends: every message arrives exactly once, at once."""

import http.cookiejar
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .conftest import COORDINATOR
from .forum_steps import eventually
from .test_serving import ROOT, running_gunicorn

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """Just enough of a browser over real HTTP: cookies, and the CSRF token of the page it posts from."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def submit(self, path: str, data: dict) -> int:
        token = CSRF.search(self.get(path)).group(1)
        body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as response:
            return response.status


def _worker_pid(master: subprocess.Popen) -> int:
    """The one worker of the gunicorn master (read from /proc: no tool a fresh machine may lack)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if fields[1] == str(master.pid):
            children.append(int(stat.parent.name))
    assert len(children) == 1, children
    return children[0]


def _outbox(database_file) -> dict[str, str]:
    with sqlite3.connect(database_file) as connection:
        return dict(connection.execute("SELECT message_id, status FROM outbox"))


def _plan_a_forum(base: str, database_file) -> None:
    """The coordinator plans a forum in the browser: one invitation per recipient goes out."""
    browser = Browser(base)
    browser.submit("/anmelden", {"email": COORDINATOR, "password": "akn-demo-2026"})
    with sqlite3.connect(database_file) as connection:
        kaarst = connection.execute("SELECT id FROM members WHERE place = 'Kaarst'").fetchone()[0]
    forum = {"number": 50, "title": "50. Kooperationsforum", "day": "2026-12-28", "time": "14:00",
             "place": "Rathaus Kaarst", "host_id": kaarst, "agenda": "Begrüßung\nVerschiedenes"}
    before = len(_outbox(database_file))
    assert browser.submit("/foren/neu", forum) == 200  # redirected to the forum's page
    assert len(_outbox(database_file)) - before >= 10


def test_sigterm_while_sending_delivers_every_message_exactly_once(tmp_path, smtp):
    smtp.delay = 0.25  # a slow server: the whole batch takes seconds
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "AKN_WORKERS": "1"}
    with running_gunicorn(tmp_path, init="demo", **settings) as (base, _log, master):
        database_file = tmp_path / "akn.sqlite3"
        _plan_a_forum(base, database_file)
        eventually(lambda: len(smtp.messages) >= 2, timeout=20)

        stopping = _worker_pid(master)
        started = time.monotonic()
        os.kill(stopping, signal.SIGTERM)  # as max_requests recycling or `systemctl restart` does
        eventually(lambda: len(_outbox(database_file)) and all(s == "sent" for s in _outbox(database_file).values()),
                   timeout=60)
        elapsed = time.monotonic() - started
        assert _worker_pid(master) != stopping  # a new worker took over …
    received = [m["Message-ID"] for m in smtp.messages]
    assert sorted(received) == sorted(_outbox(database_file))  # every message arrived, none twice
    assert elapsed < 30  # far below the claim time of a dead sender (120 s)


def test_after_kill_9_the_claims_come_back_within_the_claim_time(tmp_path, smtp):
    smtp.delay = 0.25
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "AKN_WORKERS": "1",
                "AKN_MAIL_CLAIM_SECONDS": "3"}
    with running_gunicorn(tmp_path, init="demo", **settings) as (base, _log, master):
        database_file = tmp_path / "akn.sqlite3"
        _plan_a_forum(base, database_file)
        eventually(lambda: len(smtp.messages) >= 2, timeout=20)
        os.kill(_worker_pid(master), signal.SIGKILL)  # no chance to release anything
        time.sleep(3.5)  # the claim time passes
        env = {**os.environ, "AKN_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{database_file}",
               "SECRET_KEY": "serving-test", **settings}
        subprocess.run([Path(sys.executable).parent / "flask", "--app", "akn_intranet", "akn", "send-mail"],
                       env=env, cwd=ROOT, check=True, capture_output=True)  # as cron's `tick` does
        eventually(lambda: all(s == "sent" for s in _outbox(database_file).values()), timeout=30)
    received = [m["Message-ID"] for m in smtp.messages]
    assert set(received) == set(_outbox(database_file))  # every message arrived …
    assert len(received) - len(set(received)) <= 1  # … at most the one in flight twice
