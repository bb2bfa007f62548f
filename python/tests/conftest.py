"""Shared fixtures: the repository's vectors, real Better Auth servers on loopback (Node), and
a JWKS server on loopback that tests can rotate, slow down or break."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"


def load_vector(rel: str) -> Any:
    return json.loads((VECTORS / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def ba_vectors() -> dict[str, Any]:
    """tests/vectors/better-auth/better-auth-1.6.34.json (made by better-auth 1.6.34)."""
    return load_vector("better-auth/better-auth-1.6.34.json")


@pytest.fixture(scope="session")
def cookie_vectors() -> dict[str, Any]:
    """tests/vectors/cookies/better-auth-cookies.json (better-auth 1.6.34 and 1.7.25)."""
    return load_vector("cookies/better-auth-cookies.json")


# ---- real Better Auth on loopback ------------------------------------------------------------


class BetterAuthServers:
    def __init__(self, proc: subprocess.Popen[str], info: dict[str, Any]) -> None:
        self.proc = proc
        self.instances: list[dict[str, Any]] = info["instances"]
        self.node = info["node"]

    def by_name(self, name: str) -> dict[str, Any]:
        return next(i for i in self.instances if i["name"] == name)


@pytest.fixture(scope="session")
def better_auth() -> Iterator[BetterAuthServers]:
    """Real better-auth 1.6.34 and 1.7.25 instances (tests/support/better_auth_server.mjs)."""
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "better-auth-1.7").is_dir():
        if os.environ.get("CI"):
            pytest.fail("node and node_modules (better-auth-1.6 / 1.7) are required in CI")
        pytest.skip("node or node_modules missing: run scripts/setup.sh")
    script = Path(__file__).parent / "support" / "better_auth_server.mjs"
    proc = subprocess.Popen(
        [node, str(script)], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = ""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = proc.stdout.readline() if proc.stdout else ""
        if line.strip().startswith("{") or proc.poll() is not None:
            break
    if not line.strip().startswith("{"):
        proc.kill()
        err = proc.stderr.read() if proc.stderr else ""
        pytest.fail(f"Better Auth servers did not start: {err[-2000:]}")
    try:
        yield BetterAuthServers(proc, json.loads(line))
    finally:
        proc.terminate()  # by PID: the process this fixture started
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def set_cookie_header(res: httpx.Response) -> str:
    """The Cookie header a browser would send back after ``res`` (non-empty values only)."""
    out = {}
    for sc in res.headers.get_list("set-cookie"):
        nv = sc.split(";", 1)[0]
        k, _, v = nv.partition("=")
        if v:
            out[k] = v
        else:
            out.pop(k, None)
    return "; ".join(f"{k}={v}" for k, v in out.items())


_counter = iter(range(1_000_000))


def sign_up(instance: dict[str, Any], *, name: str = "Ada Lovelace", password: str = "correct horse battery") -> dict[str, Any]:
    """Sign a new user up through Better Auth's HTTP API and collect what it answered."""
    base = instance["baseURL"]
    email = f"user{next(_counter)}-{os.getpid()}@example.com"
    with httpx.Client(base_url=base, headers={"origin": base}, timeout=30) as c:
        r = c.post("/api/auth/sign-up/email", json={"email": email, "password": password, "name": name})
        assert r.status_code == 200, r.text
        cookie = set_cookie_header(r)
        session = c.get("/api/auth/get-session", headers={"cookie": cookie})
        assert session.status_code == 200, session.text
        token = c.get("/api/auth/token", headers={"cookie": cookie})
        assert token.status_code == 200, token.text
        jwks = c.get("/api/auth/jwks")
        assert jwks.status_code == 200, jwks.text
    return {
        "email": email,
        "password": password,
        "cookie": cookie,
        "signUp": r.json(),
        "getSession": session.json(),
        "jwt": token.json()["token"],
        "jwks": jwks.json(),
    }


# ---- a JWKS on loopback ----------------------------------------------------------------------


class JwksServer:
    """A JWKS endpoint on 127.0.0.1 whose answer tests control: ``body``, ``status``, ``delay``."""

    def __init__(self) -> None:
        self.body: bytes = b'{"keys":[]}'
        self.status = 200
        self.delay = 0.0
        self.location: str | None = None
        self.hits = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server.hits += 1
                if server.delay:
                    time.sleep(server.delay)
                self.send_response(server.status)
                if server.location:
                    self.send_header("location", server.location)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(server.body)))
                self.end_headers()
                try:
                    self.wfile.write(server.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/auth/jwks"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, jwks: dict[str, Any]) -> None:
        self.body = json.dumps(jwks).encode()
        self.status = 200
        self.delay = 0.0
        self.location = None

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def jwks_server() -> Iterator[JwksServer]:
    s = JwksServer()
    try:
        yield s
    finally:
        s.close()
