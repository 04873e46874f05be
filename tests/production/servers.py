"""Real servers for the production tests: `make serve`'s gunicorn, a Celery worker, nginx.

Each runs as its own process group on a port of its own (`port(n)`: TEST_PORT_BASE + n, 8101–8119
by default; give each concurrent `make test` its own base) and is stopped by the
fixture that started it. They talk to the test database, so the tests that use them commit
their data (`transactional_db`).
"""

import contextlib
import http.client
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SECRET = "test-only-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def port(offset: int) -> int:
    """A server port for this test run: TEST_PORT_BASE (8100) plus an offset of 1–19."""
    return int(os.environ.get("TEST_PORT_BASE", "8100")) + offset


def database_url(*, port: int | None = None, host: str | None = None) -> str:
    """The test database as a DATABASE_URL (optionally at another host/port)."""
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return (
        f"postgis://{user}@{host or db['HOST'] or '127.0.0.1'}:{port or db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def server_env(var_dir: Path, static_root: Path, **overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")}
    env.update(
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        REDIS_URL=settings.CACHES["default"]["LOCATION"],
        HTTPS="0",
        VAR_DIR=str(var_dir),
        STATIC_ROOT=str(static_root),
        WEB_WORKERS="2",
        LOG_LEVEL="INFO",
        WEB_THREADS="2",
        JOBS_EAGER="0",
        BASEMAP_URL="",
        PYTHONPATH=str(ROOT),
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def collectstatic(static_root: Path) -> None:
    env = server_env(static_root.parent, static_root)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start(name: str, argv: list[str], env: dict, log: Path) -> Process:
    handle = log.open("wb")
    popen = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    return Process(name, popen, log)


def wait_for_port(port: int, process: Process, *, attempts: int = 300) -> None:
    for _ in range(attempts):
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited:\n{process.output()[-3000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{process.name} did not listen on {port}:\n{process.output()[-3000:]}")


def start_web(port: int, env: dict, log: Path, *, ready: bool = True) -> Process:
    """`make serve` without make: the same launcher, checks included. Waits until every
    worker has booted (gunicorn listens before its workers have loaded Django)."""
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port)}
    process = start(f"web:{port}", [PYTHON, "-m", "surveillance_map.serve"], env, log)
    wait_for_port(port, process)
    workers = int(env.get("WEB_WORKERS", 1))
    for _ in range(600):
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited:\n{process.output()[-3000:]}")
        if process.output().count("Booting worker") >= workers:
            break
        time.sleep(0.2)
    browser = Browser(f"http://127.0.0.1:{port}")
    for _ in range(workers * 4):  # the first request of each worker loads the rest
        status = browser.get("/healthz" if not ready else "/readyz").status
    if ready and status != 200:
        raise RuntimeError(f"{process.name} is not ready:\n{process.output()[-3000:]}")
    return process


def start_worker(env: dict, log: Path) -> Process:
    argv = [PYTHON, "-m", "celery", "-A", "surveillance_map", "worker", "--loglevel", "WARNING"]
    return start("worker", [*argv, "--concurrency", "1", "--pool", "solo"], env, log)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def all(self, name: str) -> list[str]:
        return self.headers.get_all(name) or []

    def json(self):
        import json

        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Browser:
    """A cookie-keeping HTTP client that follows no redirects: every answer is seen as is."""

    base: str  # "http://127.0.0.1:8101"
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, *, body=None, headers=None) -> Response:
        scheme, _, hostport = self.base.partition("://")
        host, _, port = hostport.partition(":")
        if scheme == "https":
            context = ssl._create_unverified_context()  # the test's self-signed certificate
            conn = http.client.HTTPSConnection(host, int(port), timeout=120, context=context)
        else:
            conn = http.client.HTTPConnection(host, int(port), timeout=120)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        for cookie in response.all("Set-Cookie"):
            pair = cookie.split(";", 1)[0]
            key, _, value = pair.partition("=")
            if "max-age=0" in cookie.lower():
                self.cookies.pop(key.strip(), None)
            else:
                self.cookies[key.strip()] = value.strip()
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: dict, *, headers=None) -> Response:
        from urllib.parse import urlencode

        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body=urlencode(data, doseq=True), headers=headers)


def eventually(check, *, attempts: int = 100, pause: float = 0.2):
    """Poll `check()` until it returns something true (a bounded wait, not a timing test)."""
    for _ in range(attempts):
        value = check()
        if value:
            return value
        time.sleep(pause)
    return check()


class TcpProxy:
    """A TCP forwarder the test can cut: `down()` drops every connection and refuses new
    ones, as a database that went away; `up()` lets them through again."""

    def __init__(self, port: int, target: tuple[str, int]):
        import threading

        self.port, self.target = port, target
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.up()

    def up(self) -> None:
        import threading

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self.listener is not None:
            listener, self.listener = self.listener, None
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked on it
            listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        import threading

        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by down()
            if self.listener is not listener:  # came in as it went down
                client.close()
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
