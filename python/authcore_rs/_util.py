"""Argument plumbing shared by the API modules: the Cookie header of whatever the caller has,
and the clock. No policy here: every check and default is the Rust core's."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Union

from ._errors import invalid_argument

#: What the cookie functions accept: a ``Cookie`` header, a mapping of cookie names to values
#: (``request.cookies``), a Starlette/FastAPI ``Request`` (or anything with ``.headers``), or a
#: headers mapping with ``.get("cookie")``.
CookieSource = Union[str, Mapping[str, str], Any, None]

#: ``now``: epoch milliseconds, an aware ``datetime`` (a naive one is read as UTC), or ``None``
#: for the current time.
Now = Union[int, float, datetime, None]


def now_ms(now: Now = None) -> int:
    if now is None:
        return time.time_ns() // 1_000_000
    if isinstance(now, bool):
        raise invalid_argument("now must be epoch milliseconds or a datetime")
    if isinstance(now, datetime):
        if now.tzinfo is None:
            now = now.replace(tzinfo=timezone.utc)
        return int(now.timestamp() * 1000)
    if isinstance(now, int):
        return now
    if isinstance(now, float):
        if now != now or now in (float("inf"), float("-inf")):
            raise invalid_argument("now must be a finite number of milliseconds")
        return int(now // 1)
    raise invalid_argument("now must be epoch milliseconds or a datetime")


def _is_headers(obj: Any) -> bool:
    # starlette.datastructures.Headers, multidict, http.client.HTTPMessage, email.message.Message
    return hasattr(obj, "getlist") or hasattr(obj, "get_all") or type(obj).__name__ in ("Headers", "MutableHeaders")


def cookie_header(source: CookieSource) -> str | None:
    """The ``Cookie`` header text of ``source``, or ``None`` when it has none."""
    if source is None or isinstance(source, str):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        raise invalid_argument("the cookie header must be a str, not bytes")
    # A Starlette Request is also a Mapping (of its ASGI scope): look for the request first.
    if hasattr(source, "scope") or (hasattr(source, "headers") and not isinstance(source, Mapping)):
        return _from_headers(source.headers)
    if _is_headers(source):
        return _from_headers(source)
    if isinstance(source, Mapping):
        parts = []
        for k, v in source.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise invalid_argument("a cookie mapping must map str names to str values")
            parts.append(f"{k}={v}")
        return "; ".join(parts) if parts else None
    raise invalid_argument("expected a Cookie header (str), a mapping of cookies, or a Request")


def request_url(source: CookieSource) -> str | None:
    """The URL of a Starlette/FastAPI ``Request`` (anything with an ASGI ``scope`` and a ``url``),
    whose scheme tells the core whether Better Auth's cookies are ``__Secure-`` ones; ``None``
    for a header, a mapping of cookies or headers."""
    if not hasattr(source, "scope"):
        return None
    url = getattr(source, "url", None)
    return None if url is None else str(url)


def _from_headers(headers: Any) -> str | None:
    getlist = getattr(headers, "getlist", None) or getattr(headers, "get_all", None)
    if getlist is not None:
        values = getlist("cookie") or []
        values = [v.decode("latin-1") if isinstance(v, (bytes, bytearray)) else v for v in values]
        return "; ".join(values) if values else None
    if isinstance(headers, Mapping):
        for k, v in headers.items():
            if isinstance(k, str) and k.lower() == "cookie":
                return v if isinstance(v, str) else None
        return None
    raise invalid_argument("request.headers must be a mapping")


def bearer_token(source: Any) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header (case-insensitive scheme)."""
    headers = getattr(source, "headers", source)
    value = None
    if isinstance(headers, Mapping) or hasattr(headers, "get"):
        value = headers.get("authorization")
        if value is None and isinstance(headers, Mapping) and not _is_headers(headers):
            value = next((v for k, v in headers.items() if isinstance(k, str) and k.lower() == "authorization"), None)
    if not isinstance(value, str):
        return None
    scheme, _, token = value.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token
