"""Bounded load on loopback: wrk when installed, else a small Python generator (count and time bounded)."""

import http.client
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CONNECTIONS = 4
SECONDS = 5
MAX_REQUESTS = 20000  # per run, for the Python generator
# The session is bound to the browser (flask-login's strong session protection): log in and load with the same one.
USER_AGENT = "akn-bench"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("AKN %d %d %.3f %.3f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    requests: int
    errors: int
    tool: str


def headers(cookie: str = "") -> dict[str, str]:
    return {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run(url: str, cookie: str = "") -> Load:
    return _wrk(url, cookie) if wrk_available() else _python(url, cookie)


def _wrk(url: str, cookie: str) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", script.name, "-H", f"User-Agent: {USER_AGENT}", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=SECONDS + 30).stdout
    Path(script.name).unlink()
    requests, duration_us, p50, p95, errors = re.search(r"AKN (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", output).groups()
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(int(requests) / (int(duration_us) / 1e6), float(p50), float(p95), int(requests),
                int(errors) + (int(non_2xx.group(1)) if non_2xx else 0), "wrk")


def _python(url: str, cookie: str) -> Load:
    """CONNECTIONS threads, each on its own connection, until SECONDS or MAX_REQUESTS are up."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def worker() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.monotonic() < deadline and len(latencies) < MAX_REQUESTS:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers(cookie))
                response = connection.getresponse()
                response.read()
                ok = response.status == 200  # a redirect to the login would be a failed measurement
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors[0] += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100)
    return Load(len(latencies) / elapsed, cuts[49], cuts[94], len(latencies), errors[0], "Python (http.client)")
