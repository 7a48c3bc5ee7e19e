"""Production serving: gunicorn with the repository's config, the health endpoint, no secrets in logs."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from akn_intranet.log_redaction import redact

from .conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_gunicorn(tmp_path: Path, init: str = "init-db", **settings: str):
    """gunicorn -c gunicorn.conf.py wsgi:app, on a fresh SQLite database set up by `flask akn <init>`."""
    port = free_port()
    env = {
        **os.environ,
        "AKN_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'akn.sqlite3'}",
        "SECRET_KEY": "serving-test",
        "AKN_BIND": f"127.0.0.1:{port}",
        "AKN_ARGON2_TIME_COST": "1",
        "AKN_ARGON2_MEMORY_COST": "1024",
        "AKN_REQUIRE_2FA_FOR_COORDINATOR": "0",  # the coordinator logs in with the demo password
    }
    bin_dir = Path(sys.executable).parent
    subprocess.run([bin_dir / "flask", "--app", "akn_intranet", "akn", init], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen([bin_dir / "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], env={**env, **settings},
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/gesundheit", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not come up"
                time.sleep(0.2)
        yield base, tmp_path / "gunicorn.log", server
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


@pytest.fixture
def gunicorn(tmp_path):
    with running_gunicorn(tmp_path) as (base, log, _server):
        yield base, log


def test_gunicorn_serves_health_and_pages_without_logging_tokens(gunicorn):
    base, log = gunicorn
    with urllib.request.urlopen(f"{base}/gesundheit") as response:
        assert response.status == 200
        assert b'"status":"ok"' in response.read().replace(b" ", b"")
    with urllib.request.urlopen(f"{base}/anmelden") as response:
        assert "Anmelden" in response.read().decode()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    secret = "Sehr-geheimes-Token-0123456789"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/genehmigung/{secret}")
    assert refused.value.code == 404
    time.sleep(0.3)  # the access log line is written after the response
    text = log.read_text()
    assert "/genehmigung/[…]" in text
    assert secret not in text


def test_redaction_of_link_paths():
    assert redact("GET /genehmigung/abc_DEF-123 HTTP/1.1") == "GET /genehmigung/[…] HTTP/1.1"
    assert redact("/einladung/xyz?x=1") == "/einladung/[…]?x=1"
    assert redact("/foren/12/protokoll") == "/foren/12/protokoll"
    assert redact("GET /oparl/v1/system?access_token=s3cr3t&page=2 HTTP/1.1") == (
        "GET /oparl/v1/system?access_token=[…]&page=2 HTTP/1.1"
    )
