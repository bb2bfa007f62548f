"""A FastAPI backend next to a Next.js + Better Auth frontend, with authcore-rs.

It replaces the two files such backends usually carry:

* ``jwt_handler.py``: PyJWT + ``PyJWKClient`` against ``/api/auth/jwks``, with the issuer,
  audience and algorithm list copied by hand (the source of most "401 Invalid token" issues:
  EdDSA keys PyJWT cannot load without ``cryptography``, ``aud`` = baseURL forgotten, no
  cooldown on unknown ``kid``s);
* ``middleware/auth.py``: parsing ``better-auth.session_token``, splitting on the last ``.``,
  HMAC-SHA256 with the secret, base64 padding, URL-decoding, then a database round trip per
  request (or a call to Better Auth's ``get-session``).

Here both are one dependency each, checked by the same Rust core as the Next.js side:

    pip install "authcore-rs[fastapi]" uvicorn
    BETTER_AUTH_URL=http://localhost:3000 BETTER_AUTH_SECRET=... uvicorn app:app --port 8000

* ``GET /api/me``: the browser's cookies (same site, or proxied by Next.js rewrites): the signed
  session cookie and the cookie cache (``session.cookieCache`` on), no database call.
* ``GET /api/items``: ``Authorization: Bearer <jwt>`` from Better Auth's JWT plugin
  (``authClient.token()`` / ``GET /api/auth/token``), verified against ``/api/auth/jwks``
  (fetched once, cached, refetched on a new ``kid`` at most every 30 s).
* ``POST /api/check-password``: a password check on a worker thread (the event loop stays free).

Failures answer 401 with ``WWW-Authenticate`` and ``{"detail": {"code": "ERR_…", "message"}}``.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import Depends, FastAPI
from pydantic import BaseModel

from authcore_rs import verify_password_async
from authcore_rs.fastapi import BetterAuth, JwtAuth, Session


class PasswordCheck(BaseModel):
    hash: str
    password: str


def create_app(
    *,
    base_url: str | None = None,
    secret: str | None = None,
    cookie_prefix: str | None = None,
    cookie_cache_jwks: bool = False,
) -> FastAPI:
    auth = BetterAuth(
        secret=secret or os.environ["BETTER_AUTH_SECRET"],
        base_url=base_url or os.environ["BETTER_AUTH_URL"],
        cookie_prefix=cookie_prefix or os.environ.get("BETTER_AUTH_COOKIE_PREFIX"),
        # Better Auth 1.7 with jwt({ sessionCookieCache: true }) signs the cookie cache with the JWKS.
        cookie_cache_jwks=cookie_cache_jwks or os.environ.get("BETTER_AUTH_COOKIE_CACHE_JWKS") == "1",
    )
    app = FastAPI(title="authcore-rs example")

    @app.get("/api/me")
    async def me(s: Session = Depends(auth.require_session())) -> dict[str, Any]:
        return {"via": "cookie", "user_id": s.user.id, "email": s.user.email, "name": s.user.name, "session_id": s.session.id}

    @app.get("/api/items")
    async def items(a: JwtAuth = Depends(auth.require_jwt())) -> dict[str, Any]:
        return {"via": "jwt", "user_id": a.user.id, "email": a.user.email, "items": [f"item of {a.user.name}"]}

    @app.post("/api/check-password")
    async def check_password(body: PasswordCheck, s: Session = Depends(auth.require_session())) -> dict[str, bool]:
        return {"ok": await verify_password_async(body.hash, body.password)}

    return app


# `uvicorn app:app` with the environment set; importing without it (tests) builds nothing.
app = create_app() if os.environ.get("BETTER_AUTH_SECRET") and os.environ.get("BETTER_AUTH_URL") else None
