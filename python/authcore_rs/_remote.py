"""RemoteJwks: a JWK Set fetched from a URL and cached, with the core's refresh decision.

When to fetch is decided by the Rust core (``jwks_refresh_decision``, the same function the
JavaScript ``createRemoteJwks`` calls): fetch when nothing is cached or the set is older than
``cache_max_age``; on a token whose ``kid`` is not in the set, refetch at most once per
``cooldown`` (so a flood of forged kids cannot make this process hammer the JWKS endpoint).
The HTTP fetch is pluggable: the standard library by default, ``httpx`` with
:func:`httpx_fetch` / :func:`httpx_async_fetch`, or any callable.
"""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Union

from . import _authcore as _core
from ._api import decode_protected_header
from ._errors import AuthError, invalid_argument

#: ``fetch(url, timeout_seconds, headers) -> (status, body)``
Fetch = Callable[[str, float, Mapping[str, str]], "tuple[int, Union[bytes, str]]"]
#: ``await fetch(url, timeout_seconds, headers) -> (status, body)``
AsyncFetch = Callable[[str, float, Mapping[str, str]], Awaitable["tuple[int, Union[bytes, str]]"]]

#: Bytes read from a JWKS response at most: one more than the core accepts, so an oversized
#: answer is refused (``ERR_JWKS_INVALID``) without reading it all.
_MAX_BODY = _core.MAX_JWKS_BYTES + 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # a redirect is a failure, as in JS
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def urllib_fetch(url: str, timeout: float, headers: Mapping[str, str]) -> tuple[int, bytes]:
    """The default fetch: ``urllib.request``, no redirects, at most the core's JWKS size limit read."""
    deadline = time.monotonic() + timeout
    req = urllib.request.Request(url, headers=dict(headers), method="GET")
    try:
        with _opener.open(req, timeout=timeout) as res:
            body = b""
            while len(body) < _MAX_BODY:
                if time.monotonic() > deadline:  # a server trickling bytes: the timeout is total
                    raise TimeoutError("JWKS response too slow")
                chunk = res.read(min(65536, _MAX_BODY - len(body)))
                if not chunk:
                    break
                body += chunk
            return res.status, body
    except urllib.error.HTTPError as e:
        return e.code, b""


def httpx_fetch(client: Any = None) -> Fetch:
    """A fetch through an ``httpx.Client`` (one is created if not given)."""
    import httpx

    c = client if client is not None else httpx.Client(follow_redirects=False)

    def fetch(url: str, timeout: float, headers: Mapping[str, str]) -> tuple[int, bytes]:
        with c.stream("GET", url, headers=dict(headers), timeout=timeout) as res:
            body = b""
            for chunk in res.iter_bytes():
                body += chunk
                if len(body) >= _MAX_BODY:
                    break
            return res.status_code, body

    return fetch


def httpx_async_fetch(client: Any = None) -> AsyncFetch:
    """An async fetch through an ``httpx.AsyncClient`` (one is created if not given)."""
    import httpx

    c = client if client is not None else httpx.AsyncClient(follow_redirects=False)

    async def fetch(url: str, timeout: float, headers: Mapping[str, str]) -> tuple[int, bytes]:
        async with c.stream("GET", url, headers=dict(headers), timeout=timeout) as res:
            body = b""
            async for chunk in res.aiter_bytes():
                body += chunk
                if len(body) >= _MAX_BODY:
                    break
            return res.status_code, body

    return fetch


def _ms(v: int | float | None, name: str) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not v >= 0 or v == float("inf"):
        raise invalid_argument(f"{name} must be milliseconds >= 0")
    return int(v)


class RemoteJwks:
    """A JWKS fetched from ``url`` and cached (pass it as ``jwks=`` to ``verify_jwt``).

    ``cooldown`` and ``cache_max_age`` are milliseconds (the core's defaults: 30 s and 10 min, as
    jose); ``timeout`` is seconds (default 5). ``fetch`` / ``async_fetch`` replace the HTTP client;
    without ``async_fetch``, async verification runs ``fetch`` on a worker thread. ``clock``
    returns epoch milliseconds (tests). Thread-safe; concurrent refreshes share one fetch.
    """

    _authcore_remote = True

    def __init__(
        self,
        url: str,
        *,
        cooldown: int | None = None,
        cache_max_age: int | None = None,
        timeout: float = 5.0,
        headers: Mapping[str, str] | None = None,
        fetch: Fetch | None = None,
        async_fetch: AsyncFetch | None = None,
        clock: Callable[[], int] | None = None,
    ) -> None:
        if not isinstance(url, str) or not url:
            raise invalid_argument("url must be a non-empty str")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 300:
            raise invalid_argument("timeout must be seconds in (0, 300]")
        self.url = url
        self.cooldown = _ms(cooldown, "cooldown")
        self.cache_max_age = _ms(cache_max_age, "cache_max_age")
        self.timeout = float(timeout)
        self.headers = {"accept": "application/json", **(dict(headers) if headers else {})}
        self._fetch = fetch or urllib_fetch
        self._async_fetch = async_fetch
        self._clock = clock or (lambda: time.time_ns() // 1_000_000)
        self._keys: _core.Keys | None = None
        self._last_text: str | None = None
        self._fetched_at: int | None = None
        self._lock = threading.Lock()
        self._generation = 0
        self._async_lock: asyncio.Lock | None = None
        #: Number of fetches attempted (for monitoring and tests).
        self.fetch_count = 0

    # -- state --------------------------------------------------------------------------------

    @property
    def fresh(self) -> bool:
        """True while the cached set is younger than ``cache_max_age``."""
        if self._fetched_at is None:
            return False
        return _core.token_jwks_refresh_decision(self._fetched_at, self._clock(), None, self.cooldown, self.cache_max_age) == "use_cached"

    def _decision(self, token: str) -> tuple[str, int]:
        kid = decode_protected_header(token).get("kid")
        keys = self._keys
        found = keys.has_kid(kid) if keys is not None and isinstance(kid, str) else None
        d = _core.token_jwks_refresh_decision(self._fetched_at, self._clock(), found, self.cooldown, self.cache_max_age)
        return ("fetch" if keys is None else d), self._generation

    def _install(self, status: int, body: bytes | str) -> None:
        if not 200 <= status < 300:
            raise AuthError("ERR_JWKS_FETCH_FAILED", f"could not fetch the JWK Set: HTTP {status}")
        if isinstance(body, (bytes, bytearray)):
            try:
                text = bytes(body).decode("utf-8")
            except UnicodeDecodeError:
                raise AuthError("ERR_JWKS_INVALID", "invalid JWK Set: not UTF-8") from None
        elif isinstance(body, str):
            text = body
        else:
            raise invalid_argument("fetch must return (status, bytes | str)")
        keys = _core.Keys.from_json(text)
        self._last_text = text
        self._keys = keys
        self._fetched_at = self._clock()
        self._generation += 1

    @staticmethod
    def _fetch_failed(e: BaseException) -> AuthError:
        err = AuthError("ERR_JWKS_FETCH_FAILED", "could not fetch the JWK Set: network error or timeout")
        err.__cause__ = e
        return err

    # -- sync ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch now (e.g. at start-up)."""
        with self._lock:
            self._load()

    def _load(self) -> None:
        self.fetch_count += 1
        try:
            status, body = self._fetch(self.url, self.timeout, self.headers)
        except AuthError:
            raise
        except Exception as e:  # noqa: BLE001 - any transport failure is a fetch failure
            raise self._fetch_failed(e) from e
        self._install(status, body)

    def _keys_for(self, token: str) -> _core.Keys:
        decision, gen = self._decision(token)
        if decision == "fetch":
            with self._lock:
                if self._generation == gen:  # nobody refreshed while we waited
                    self._load()
        assert self._keys is not None
        return self._keys

    # -- async --------------------------------------------------------------------------------

    async def reload_async(self) -> None:
        """Fetch now, without blocking the event loop."""
        await self._refresh_async(self._generation, force=True)

    async def _refresh_async(self, gen: int, force: bool = False) -> None:
        if self._async_fetch is None:
            def run() -> None:
                with self._lock:
                    if force or self._generation == gen:
                        self._load()
            await asyncio.to_thread(run)
            return
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if not force and self._generation != gen:
                return
            self.fetch_count += 1
            try:
                status, body = await self._async_fetch(self.url, self.timeout, self.headers)
            except AuthError:
                raise
            except Exception as e:  # noqa: BLE001
                raise self._fetch_failed(e) from e
            with self._lock:
                self._install(status, body)

    async def _keys_for_async(self, token: str) -> _core.Keys:
        decision, gen = self._decision(token)
        if decision == "fetch":
            await self._refresh_async(gen)
        assert self._keys is not None
        return self._keys

    def __repr__(self) -> str:
        return f"RemoteJwks({self.url!r}, keys={len(self._keys) if self._keys is not None else None})"


def create_remote_jwks(url: str, **options: Any) -> RemoteJwks:
    """Same as ``RemoteJwks(url, **options)`` (the JavaScript name, ``createRemoteJwks``)."""
    return RemoteJwks(url, **options)


__all__ = ["AsyncFetch", "Fetch", "RemoteJwks", "create_remote_jwks", "httpx_async_fetch", "httpx_fetch", "urllib_fetch"]
