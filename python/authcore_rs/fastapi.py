"""FastAPI dependencies for a backend next to a Better Auth app.

    from fastapi import Depends, FastAPI
    from authcore_rs.fastapi import BetterAuth, JwtAuth, Session

    auth = BetterAuth(secret=os.environ["BETTER_AUTH_SECRET"], base_url=os.environ["BETTER_AUTH_URL"])
    app = FastAPI()

    @app.get("/me")
    async def me(session: Session = Depends(auth.require_session())):
        return {"user_id": session.user.id}

    @app.get("/api/items")
    async def items(auth: JwtAuth = Depends(auth.require_jwt())):
        return {"user_id": auth.user.id}

``require_session()`` reads Better Auth's signed ``session_token`` cookie (under the current
secret; ``accept_previous_secrets=True`` for a rotation grace period; ``__Secure-`` names over
https or with ``secure=True``) and its ``session_data`` cookie cache (compact, jwt, jwe,
chunked, 1.7's JWKS-signed; ``cookie_cache_version=``); ``require_jwt()``
reads ``Authorization: Bearer <jwt>`` from the JWT plugin (``/api/auth/token``) and checks it
against the JWKS (``<base_url>/api/auth/jwks`` by default, cached with the core's cooldown).
Both answer ``401`` with a ``WWW-Authenticate`` header and ``{"detail": {"code", "message"}}``
(the ``ERR_*`` code of why a sent cookie or token was refused, or ``NO_SESSION`` /
``NO_TOKEN`` when nothing usable was sent); a JWKS that cannot be fetched is a ``503`` (``ERR_JWKS_FETCH_FAILED``).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Union

from fastapi import HTTPException, Request

from ._api import (
    CookieCache,
    CacheVersion,
    LocalJwks,
    SecretArg,
    Strategy,
    better_auth_jwt_preset,
    read_cookie_cache_with_reason,
    read_session_token_with_reason,
    secrets_equal,
    verify_jwt_async,
)
from ._errors import AuthError, invalid_argument
from ._remote import RemoteJwks
from ._util import bearer_token

__all__ = [
    "BetterAuth",
    "JwtAuth",
    "Session",
    "SessionData",
    "SessionLookup",
    "User",
    "require_jwt",
    "require_session",
]

#: Code answered when no session cookie (or no usable session) was sent.
NO_SESSION = "NO_SESSION"
#: Code answered when no ``Authorization: Bearer`` token was sent.
NO_TOKEN = "NO_TOKEN"


def _date(v: Any) -> datetime | None:
    if isinstance(v, str):
        try:
            return datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        # Better Auth writes dates as ISO strings; some adapters as epoch milliseconds.
        return datetime.fromtimestamp(v / 1000, tz=timezone.utc)
    return None


def _opt_str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


@dataclass(frozen=True)
class User:
    """The Better Auth user: the usual fields typed, every field (extra ones too) in ``data``."""

    id: str
    email: str | None
    name: str | None
    email_verified: bool | None
    image: str | None
    data: dict[str, Any] = field(repr=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], *, fallback_id: str | None = None) -> User:
        uid = d.get("id")
        if not isinstance(uid, str):
            uid = fallback_id
        if not isinstance(uid, str) or not uid:
            raise AuthError("ERR_COOKIE_CACHE_INVALID", "the user has no id")
        ev = d.get("emailVerified")
        return cls(
            id=uid,
            email=_opt_str(d.get("email")),
            name=_opt_str(d.get("name")),
            email_verified=ev if isinstance(ev, bool) else None,
            image=_opt_str(d.get("image")),
            data=dict(d),
        )


@dataclass(frozen=True)
class SessionData:
    """The Better Auth session row (from the cookie cache or your lookup)."""

    id: str | None
    token: str
    user_id: str | None
    expires_at: datetime | None
    data: dict[str, Any] = field(repr=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], *, token: str) -> SessionData:
        return cls(
            id=_opt_str(d.get("id")),
            token=token,
            user_id=_opt_str(d.get("userId")),
            expires_at=_date(d.get("expiresAt")),
            data=dict(d),
        )


@dataclass(frozen=True)
class Session:
    """What ``require_session()`` returns."""

    user: User
    session: SessionData
    #: The verified cookie cache it came from (``None`` when ``lookup`` answered).
    cache: CookieCache | None = field(default=None, repr=False)


@dataclass(frozen=True)
class JwtAuth:
    """What ``require_jwt()`` returns: the user from the claims, the claims, the header."""

    user: User
    claims: dict[str, Any] = field(repr=False)
    header: dict[str, Any] = field(repr=False)
    token: str = field(repr=False)


#: ``lookup(session_token)`` for deployments without the cookie cache (or when it expired):
#: return ``(user, session)`` rows (mappings) from your database, or ``None`` for no session.
SessionLookup = Callable[[str], Union[Awaitable[Any], Any]]


def _challenge(scheme: str, realm: str, code: str | None, extra: str = "") -> str:
    v = f'{scheme} realm="{realm}"{extra}'
    if code is not None:
        v += f', error="invalid_token", error_description="{code}"'
    return v


def _unauthorized(scheme: str, realm: str, code: str, message: str, *, sent: bool, extra: str = "") -> HTTPException:
    status = 503 if code == "ERR_JWKS_FETCH_FAILED" else 401
    return HTTPException(
        status_code=status,
        detail={"code": code, "message": message},
        headers={"WWW-Authenticate": _challenge(scheme, realm, code if sent else None, extra)},
    )


class BetterAuth:
    """Settings shared by :meth:`require_session` and :meth:`require_jwt`.

    * ``secret``: ``BETTER_AUTH_SECRET`` (or a rotation list, see ``parse_secrets_env``).
    * ``base_url``: ``BETTER_AUTH_URL``; the JWT plugin's default issuer and audience, and the
      JWKS at ``<base_url><base_path>/jwks`` unless ``jwks`` is given.
    * ``jwks``: a :class:`RemoteJwks`, a :class:`LocalJwks`, a JWKS dict or its JSON.
    * ``issuer`` / ``audience``: when the JWT plugin's ``jwt.issuer`` / ``jwt.audience`` were changed.
    * ``cookie_prefix`` / ``strategy``: ``advanced.cookiePrefix`` / ``session.cookieCache.strategy``.
    * ``cookie_cache_jwks``: for Better Auth 1.7's JWKS-signed cookie cache (``True`` = ``jwks``).
    * ``cookie_cache_version``: ``session.cookieCache.version`` (a str or ``(session, user) -> str``):
      a cache of another version is no cache.
    * ``secure``: ``advanced.useSecureCookies`` (or an https ``baseURL``): whether the cookies are
      ``__Secure-`` ones. Unset: the request's URL scheme decides, as in Better Auth.
    * ``accept_previous_secrets``: accept cookies signed by the previous secrets of a rotation
      list (a grace period). Off by default, as in Better Auth 1.7.
    * ``lookup``: ``(token) -> (user, session) | None`` when the cookie cache is off or expired.
    """

    def __init__(
        self,
        *,
        secret: SecretArg | None = None,
        base_url: str | None = None,
        base_path: str = "/api/auth",
        jwks: Any = None,
        issuer: str | None = None,
        audience: str | Sequence[str] | None = None,
        algorithms: Sequence[str] | None = None,
        clock_tolerance: int | str | None = None,
        cookie_prefix: str | None = None,
        strategy: Strategy | None = None,
        cookie_cache_jwks: Any = None,
        cookie_cache_version: CacheVersion = None,
        secure: bool | None = None,
        accept_previous_secrets: bool = False,
        lookup: SessionLookup | None = None,
        realm: str = "better-auth",
    ) -> None:
        if base_url is not None and not isinstance(base_url, str):
            raise invalid_argument("base_url must be a str")
        if jwks is None and base_url is not None:
            jwks = RemoteJwks(base_url.rstrip("/") + base_path + "/jwks")
        if isinstance(jwks, (str, Mapping)):
            jwks = LocalJwks(jwks)
        self.secret = secret
        self.base_url = base_url
        self.jwks = jwks
        self.issuer = issuer or base_url
        self.audience = audience or base_url
        self.algorithms = algorithms
        self.clock_tolerance = clock_tolerance
        self.cookie_prefix = cookie_prefix
        self.strategy = strategy
        self.cookie_cache_jwks = cookie_cache_jwks
        self.cookie_cache_version = cookie_cache_version
        self.secure = secure
        self.accept_previous_secrets = accept_previous_secrets
        self.lookup = lookup
        self.realm = realm.replace('"', "")

    # -- the checks, usable outside FastAPI too ------------------------------------------------

    async def session_from(self, request: Any) -> Session | None:
        """The session of a request (cookie + cookie cache, or ``lookup``), ``None`` wherever
        Better Auth would see no session (absent, forged, another or a rotated-away secret);
        :meth:`session_from_with_reason` says why. ``AuthError`` only for configuration errors."""
        return (await self.session_from_with_reason(request))[0]

    async def session_from_with_reason(self, request: Any) -> tuple[Session | None, AuthError | None]:
        """``(session, None)``, or ``(None, reason)`` where ``reason`` is why a cookie that was
        sent gave no session (``None`` when none was sent or the lookup found nothing)."""
        if self.secret is None:
            raise invalid_argument("BetterAuth(secret=...) is needed to read session cookies")
        common = dict(
            secret=self.secret,
            cookie_prefix=self.cookie_prefix,
            secure=self.secure,
            accept_previous_secrets=self.accept_previous_secrets,
        )
        read = read_session_token_with_reason(request, **common)
        token = read.value
        if token is None:
            return None, read.reason
        jwks = self.cookie_cache_jwks
        if jwks is True:
            jwks = self.jwks
        elif jwks is False:
            jwks = None
        if isinstance(jwks, RemoteJwks):
            jwks = await _remote_jwks_json(jwks)
        # A refused cache is no cache, as in Better Auth: the lookup (if any) answers instead.
        cached = read_cookie_cache_with_reason(
            request, strategy=self.strategy, jwks=jwks, version=self.cookie_cache_version, **common
        )
        cache = cached.value
        if cache is not None:
            cached_token = cache.session.get("token")
            if not isinstance(cached_token, str) or not secrets_equal(cached_token, token):
                return None, None  # a cache from another session: Better Auth ignores it too
            return (
                Session(
                    user=User.from_dict(cache.user),
                    session=SessionData.from_dict(cache.session, token=token),
                    cache=cache,
                ),
                None,
            )
        if self.lookup is None:
            return None, cached.reason
        found = self.lookup(token)
        if inspect.isawaitable(found):
            found = await found
        if found is None:
            return None, None
        user, session = found
        return Session(user=User.from_dict(user), session=SessionData.from_dict(session, token=token)), None

    async def jwt_from(self, request: Any) -> JwtAuth | None:
        """The verified Bearer JWT of a request, ``None`` if none was sent."""
        token = bearer_token(request)
        if token is None:
            return None
        if self.jwks is None:
            raise invalid_argument("BetterAuth(base_url=... or jwks=...) is needed to verify JWTs")
        opts: dict[str, Any] = {}
        if self.issuer is not None:
            opts = better_auth_jwt_preset(self.issuer, self.audience if isinstance(self.audience, str) else None)
            if self.audience is not None and not isinstance(self.audience, str):
                opts["audience"] = list(self.audience)
        if self.algorithms is not None:
            opts["algorithms"] = list(self.algorithms)
        v = await verify_jwt_async(token, jwks=self.jwks, clock_tolerance=self.clock_tolerance, **opts)
        return JwtAuth(user=User.from_dict(v.payload, fallback_id=v.payload.get("sub")), claims=v.payload, header=v.protected_header, token=token)

    # -- FastAPI dependencies ------------------------------------------------------------------

    def require_session(self) -> Callable[[Request], Awaitable[Session]]:
        """A dependency returning the :class:`Session`, or answering 401."""
        name = f'{"__Secure-" if self.secure else ""}{self.cookie_prefix or "better-auth"}.session_token'.replace('"', "")
        extra = f', cookie="{name}"'

        async def dependency(request: Request) -> Session:
            try:
                s, reason = await self.session_from_with_reason(request)
            except AuthError as e:
                raise _unauthorized("Cookie", self.realm, e.code, e.message, sent=True, extra=extra) from None
            if s is None:
                if reason is not None:
                    raise _unauthorized("Cookie", self.realm, reason.code, reason.message, sent=True, extra=extra)
                raise _unauthorized("Cookie", self.realm, NO_SESSION, "no Better Auth session", sent=False, extra=extra)
            return s

        return dependency

    def require_jwt(self) -> Callable[[Request], Awaitable[JwtAuth]]:
        """A dependency returning the verified :class:`JwtAuth`, or answering 401."""

        async def dependency(request: Request) -> JwtAuth:
            try:
                a = await self.jwt_from(request)
            except AuthError as e:
                raise _unauthorized("Bearer", self.realm, e.code, e.message, sent=True) from None
            if a is None:
                raise _unauthorized("Bearer", self.realm, NO_TOKEN, "no Bearer token", sent=False)
            return a

        return dependency


async def _remote_jwks_json(remote: RemoteJwks) -> str:
    """The JSON text a RemoteJwks last fetched (fetching it if needed), for the 1.7 JWKS-signed
    cookie cache, whose reader takes the JWKS text."""
    if remote._last_text is None or not remote.fresh:
        await remote.reload_async()
    assert remote._last_text is not None
    return remote._last_text


def require_session(**settings: Any) -> Callable[[Request], Awaitable[Session]]:
    """``Depends(require_session(secret=..., cookie_prefix=..., lookup=...))``: see :class:`BetterAuth`."""
    return BetterAuth(**settings).require_session()


def require_jwt(**settings: Any) -> Callable[[Request], Awaitable[JwtAuth]]:
    """``Depends(require_jwt(base_url=...))`` or ``require_jwt(jwks=..., issuer=..., audience=...)``:
    see :class:`BetterAuth`."""
    return BetterAuth(**settings).require_jwt()

