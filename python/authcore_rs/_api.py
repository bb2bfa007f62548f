"""Passwords, cookies and tokens: thin wrappers over the Rust core (``_authcore``).

Decoding and encoding only: every check, limit and default lives in the core, so these
functions answer exactly what the Rust API, the CLI and the JavaScript package answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar, Union

from . import _authcore as _core
from ._errors import AuthError, invalid_argument
from ._util import CookieSource, Now, cookie_header, now_ms, request_url

if TYPE_CHECKING:
    from ._remote import RemoteJwks

# ---- passwords -------------------------------------------------------------------------------

#: ``legacy``: ``False``, ``True`` (bcrypt, Argon2, scrypt PHC, PBKDF2, Firebase strings with
#: embedded parameters) or ``{"firebase": {"signer_key", "salt_separator", "rounds", "mem_cost"}}``.
Legacy = Union[bool, Mapping[str, Any], None]


def hash_password(password: str, *, max_password_length: int | None = None) -> str:
    """Hash like Better Auth: ``"<32 hex salt>:<128 hex key>"`` (scrypt N=16384 r=16 p=1, NFKC).

    Any length up to 64 KiB of UTF-8 (``MAX_PASSWORD_BYTES``, a denial-of-service ceiling), like
    Better Auth's own ``hashPassword``; ``AuthError`` ``ERR_PASSWORD_TOO_LONG`` past it.
    ``max_password_length`` is an opt-in policy (1 to 4096 UTF-16 code units, counted like
    JavaScript's ``String.length``; unset by default, as Better Auth's routes own the length
    policy). The GIL is released while scrypt runs.
    """
    return _core.password_hash(password, max_password_length)


def hash_password_with_salt(password: str, salt: str, *, max_password_length: int | None = None) -> str:
    """Deterministic hash with a given salt (fixtures, migrations)."""
    return _core.password_hash_with_salt(password, salt, max_password_length)


def verify_password(hash: str, password: str, *, legacy: Legacy = False, max_password_length: int | None = None) -> bool:
    """``True`` if ``password`` matches the stored ``hash``; ``False`` for a wrong password,
    whatever its length (``ERR_PASSWORD_TOO_LONG`` only past 64 KiB of UTF-8, or past an
    opted-in ``max_password_length``).

    Better Auth's format always; with ``legacy`` also bcrypt, Argon2, scrypt PHC, Django PBKDF2 and
    Firebase scrypt (``ERR_HASH_UNSUPPORTED`` for a legacy hash without it). A corrupt hash is
    ``ERR_HASH_MALFORMED``, never ``False``. The GIL is released while the hash runs.
    """
    return _core.password_verify(hash, password, legacy, max_password_length)


async def hash_password_async(password: str, *, max_password_length: int | None = None) -> str:
    """:func:`hash_password` on a worker thread: the event loop is never blocked."""
    return await asyncio.to_thread(_core.password_hash, password, max_password_length)


async def verify_password_async(
    hash: str, password: str, *, legacy: Legacy = False, max_password_length: int | None = None
) -> bool:
    """:func:`verify_password` on a worker thread: the event loop is never blocked."""
    return await asyncio.to_thread(_core.password_verify, hash, password, legacy, max_password_length)


@dataclass(frozen=True)
class PasswordHashInfo:
    """What a stored hash is: ``algorithm`` (``"better-auth-scrypt"``, ``"bcrypt"``, ``"argon2id"``,
    …), the parameters it carries, and whether it should be rewritten in Better Auth's format."""

    algorithm: str
    params: dict[str, Any]
    needs_rehash: bool


def inspect_password_hash(hash: str) -> PasswordHashInfo:
    """Say what a stored hash is, without verifying anything (costs are checked against the ceilings)."""
    info = json.loads(_core.password_inspect(hash))
    return PasswordHashInfo(algorithm=info["algorithm"], params=info.get("params") or {}, needs_rehash=info["needsRehash"])


# ---- cookies ---------------------------------------------------------------------------------

#: ``secret``: one secret, or a rotation list (first = current) of secrets or
#: ``{"version": int, "value": str}`` entries (Better Auth's ``secrets`` option).
SecretArg = Union[str, Sequence[Union[str, Mapping[str, Any], tuple]]]
#: A cookie-cache strategy (``session.cookieCache.strategy``).
Strategy = Literal["compact", "jwt", "jwe"]


@dataclass(frozen=True)
class CookieCache:
    """A verified, unexpired ``session_data`` cookie cache."""

    session: dict[str, Any]
    user: dict[str, Any]
    updated_at: float
    version: str | None
    expires_at: int
    strategy: str


T = TypeVar("T")


@dataclass(frozen=True)
class ReadOutcome(Generic[T]):
    """A lenient read: the ``value`` (``None`` wherever Better Auth would see no session) and,
    when something present was refused, the ``reason`` (an :class:`AuthError` with its code:
    ``ERR_COOKIE_SIGNATURE_INVALID``, ``ERR_COOKIE_MALFORMED``, ``ERR_COOKIE_CACHE_INVALID``);
    ``reason`` is ``None`` when the value was read, absent or expired."""

    value: T | None
    reason: AuthError | None = None


#: ``version`` of :func:`read_cookie_cache`: ``cookieCache.version`` as a str, or a function
#: ``(session, user) -> str`` like Better Auth's.
CacheVersion = Union[str, Callable[[dict[str, Any], dict[str, Any]], str], None]


def _reason(r: tuple[str, str] | None) -> AuthError | None:
    return None if r is None else AuthError(r[0], r[1])


def read_session_token_with_reason(
    cookies: CookieSource,
    *,
    secret: SecretArg,
    cookie_prefix: str | None = None,
    secure: bool | None = None,
    accept_previous_secrets: bool = False,
) -> ReadOutcome[str]:
    """:func:`read_session_token` with the reason a present cookie was refused."""
    header = cookie_header(cookies)
    value, reason = _core.cookie_read_session_token(
        header or "", secret, cookie_prefix, secure, request_url(cookies), accept_previous_secrets
    )
    return ReadOutcome(value, _reason(reason))


def read_session_token(
    cookies: CookieSource,
    *,
    secret: SecretArg,
    cookie_prefix: str | None = None,
    secure: bool | None = None,
    accept_previous_secrets: bool = False,
) -> str | None:
    """The session token of ``<prefix>.session_token``, its signature checked in constant time
    under the current secret (the first of a rotation list).

    ``cookies``: a ``Cookie`` header, a mapping of cookies, or a Starlette ``Request``. ``None``
    wherever Better Auth would see no session: absent, forged, tampered, signed by another or a
    rotated-away secret, malformed (:func:`read_session_token_with_reason` says why). Raises
    ``AuthError`` only for configuration errors (no secret, a bad option).

    * ``secure``: whether the cookies are ``__Secure-`` ones (``advanced.useSecureCookies``, or an
      https ``baseURL``): ``True`` reads only ``__Secure-<prefix>.…``, ``False`` only
      ``<prefix>.…``. Unset: a ``Request``'s URL scheme decides; with neither, the ``__Secure-``
      form when the header has it, else the plain one.
    * ``accept_previous_secrets``: accept signatures by the previous secrets of the list too (a
      grace period after a rotation). Off by default, as in Better Auth 1.7.
    """
    return read_session_token_with_reason(
        cookies,
        secret=secret,
        cookie_prefix=cookie_prefix,
        secure=secure,
        accept_previous_secrets=accept_previous_secrets,
    ).value


def read_cookie_cache_with_reason(
    cookies: CookieSource,
    *,
    secret: SecretArg,
    cookie_prefix: str | None = None,
    strategy: Strategy | None = None,
    jwks: Any = None,
    now: Now = None,
    secure: bool | None = None,
    accept_previous_secrets: bool = False,
    version: CacheVersion = None,
) -> ReadOutcome[CookieCache]:
    """:func:`read_cookie_cache` with the reason a present cache was refused."""
    header = cookie_header(cookies)
    jwks_text = None if jwks is None else _jwks_text(jwks)
    version_fn = version if callable(version) else None
    out, reason = _core.cookie_read_cache(
        header or "",
        secret,
        now_ms(now),
        cookie_prefix,
        strategy,
        jwks_text,
        secure,
        request_url(cookies),
        accept_previous_secrets,
        None if version_fn is not None else version,
    )
    if out is None:
        return ReadOutcome(None, _reason(reason))
    c = json.loads(out)
    cache = CookieCache(
        session=c["session"],
        user=c["user"],
        updated_at=c["updatedAt"],
        version=c.get("version"),
        expires_at=c["expiresAt"],
        strategy=c["strategy"],
    )
    if version_fn is not None:
        expected = version_fn(cache.session, cache.user)
        if not isinstance(expected, str):
            raise invalid_argument("the version function must return a str")
        refused = _core.cookie_cache_version_reason(cache.version, expected)
        if refused is not None:
            return ReadOutcome(None, _reason(refused))
    return ReadOutcome(cache)


def read_cookie_cache(
    cookies: CookieSource,
    *,
    secret: SecretArg,
    cookie_prefix: str | None = None,
    strategy: Strategy | None = None,
    jwks: Any = None,
    now: Now = None,
    secure: bool | None = None,
    accept_previous_secrets: bool = False,
    version: CacheVersion = None,
) -> CookieCache | None:
    """Decode and verify the ``session_data`` cookie cache: compact, jwt, jwe, chunked (``.0``,
    ``.1``…) and Better Auth 1.7's JWKS-signed cache (pass the JWKS as ``jwks``).

    ``None`` wherever Better Auth's ``getCookieCache`` gives null: absent, expired (cache or
    cached session), tampered, another or a rotated-away secret, wrong strategy or version,
    garbage (:func:`read_cookie_cache_with_reason` says why). Raises ``AuthError`` only for
    configuration errors (``ERR_INVALID_ARGUMENT``, ``ERR_JWKS_INVALID``).

    * ``secure``: as in :func:`read_session_token`.
    * ``accept_previous_secrets``: accept compact and jwt caches signed by previous secrets too.
      Off by default, as in Better Auth (jwe caches decrypt under every secret either way).
    * ``version``: ``cookieCache.version``, a str or ``(session, user) -> str``: a cache whose
      ``version`` (``"1"`` when absent) differs is no cache, as Better Auth's ``matchesVersion``.
    """
    return read_cookie_cache_with_reason(
        cookies,
        secret=secret,
        cookie_prefix=cookie_prefix,
        strategy=strategy,
        jwks=jwks,
        now=now,
        secure=secure,
        accept_previous_secrets=accept_previous_secrets,
        version=version,
    ).value


def verify_signed_cookie_value(value: str, *, secret: SecretArg, accept_previous_secrets: bool = False) -> str:
    """Verify one signed value (``token.signature``, URL-encoded or not) under the current secret
    (every secret of the list with ``accept_previous_secrets``) and return the token.

    Raises ``AuthError`` ``ERR_COOKIE_SIGNATURE_INVALID`` or ``ERR_COOKIE_MALFORMED``."""
    return _core.cookie_verify_signed_value(value, secret, accept_previous_secrets)


def sign_session_token(token: str, *, secret: SecretArg) -> str:
    """The cookie value Better Auth sets for a session token (``encodeURIComponent(token.sig)``)."""
    return _core.cookie_sign_session_token(token, secret)


class SignedCookieCache(NamedTuple):
    value: str
    #: ``(name, value)`` pairs to set: one cookie, or chunks ``name.0``, ``name.1``… past 4 KB.
    cookies: list[tuple[str, str]]


def sign_cookie_cache(
    session: Mapping[str, Any],
    user: Mapping[str, Any],
    *,
    secret: SecretArg,
    strategy: Strategy | None = None,
    max_age: int = 300,
    version: str | None = None,
    cookie_prefix: str | None = None,
    secure: bool = False,
    now: Now = None,
) -> SignedCookieCache:
    """Write a cookie cache like Better Auth's ``setCookieCache`` (``strategy`` defaults to compact)."""
    value = _core.cookie_sign_cache(
        _json_arg(session, "session"), _json_arg(user, "user"), secret, now_ms(now), os.urandom(32), strategy, max_age, version
    )
    name = f"{'__Secure-' if secure else ''}{cookie_prefix or _core.DEFAULT_COOKIE_PREFIX}.session_data"
    return SignedCookieCache(value, _core.cookie_chunk(name, value, bool(secure), max_age))


def decrypt_private_key(stored: str, *, secret: SecretArg) -> str:
    """Decrypt a ``jwks.privateKey`` column (plain or ``$ba$`` envelope): the private JWK's JSON."""
    return _core.crypto_decrypt_private_key(stored, secret)


def parse_secrets_env(value: str) -> list[dict[str, Any]]:
    """Parse ``BETTER_AUTH_SECRETS`` (``"2:new,1:old"``) into ``[{"version", "value"}]`` for ``secret``."""
    return [{"version": v, "value": s} for v, s in _core.secrets_parse_env(value)]


def secrets_equal(a: str | bytes, b: str | bytes) -> bool:
    """Whether two shared secrets are equal, in constant time, leaking neither content nor length."""
    return _core.secrets_equal(a, b)


def inspect_token(value: str) -> dict[str, Any]:
    """Decode a value without verifying it and say what it is (signed session cookie, cookie cache
    and its strategy, JWT-plugin / Convex / email-verification JWT, or a Cookie header's parts)."""
    return json.loads(_core.token_inspect(value))


def explain_token(
    value: str,
    *,
    secret: SecretArg | None = None,
    jwks: Any = None,
    issuer: str | None = None,
    audience: str | None = None,
    now: Now = None,
    cookie_prefix: str | None = None,
    strategy: Strategy | None = None,
) -> dict[str, Any]:
    """Check a value and list every reason it would be refused: ``{info, valid, problems, notes}``."""
    jwks_text = None if jwks is None else _jwks_text(jwks)
    return json.loads(
        _core.token_explain(value, now_ms(now), secret, jwks_text, issuer, audience, cookie_prefix, strategy)
    )


# ---- tokens ----------------------------------------------------------------------------------

_TEXT_CACHE = 16
_by_text: OrderedDict[str, _core.Keys] = OrderedDict()
_by_text_lock = threading.Lock()


def _json_arg(v: Any, name: str) -> str:
    if isinstance(v, str):
        return v
    try:
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default)
    except (TypeError, ValueError, RecursionError) as e:
        raise invalid_argument(f"{name} must be JSON-serialisable: {type(e).__name__}") from None


def _json_default(o: Any) -> Any:
    from datetime import datetime, timezone

    if isinstance(o, datetime):  # as JavaScript's Date.prototype.toJSON
        if o.tzinfo is None:
            o = o.replace(tzinfo=timezone.utc)
        return o.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{o.microsecond // 1000:03d}Z"
    raise TypeError(type(o).__name__)


def _jwks_text(jwks: Any) -> str:
    if isinstance(jwks, LocalJwks):
        return jwks.json
    if isinstance(jwks, (str, Mapping)):
        return _json_arg(jwks, "jwks")
    raise invalid_argument("jwks must be a JWKS (dict or JSON text) or a LocalJwks")


def _keys_from_text(text: str) -> _core.Keys:
    with _by_text_lock:
        k = _by_text.get(text)
        if k is not None:
            _by_text.move_to_end(text)
            return k
    k = _core.Keys.from_json(text)
    with _by_text_lock:
        _by_text[text] = k
        while len(_by_text) > _TEXT_CACHE:
            _by_text.popitem(last=False)
    return k


class LocalJwks:
    """A JWKS (dict, JSON text, or one JWK) parsed and imported once, for repeated verification:
    ``verify_jwt(token, jwks=LocalJwks(jwks))``."""

    __slots__ = ("keys", "json")

    def __init__(self, jwks: Mapping[str, Any] | str) -> None:
        if not isinstance(jwks, (str, Mapping)):
            raise invalid_argument("jwks must be a JWKS or JWK (dict or JSON text)")
        self.json = _json_arg(jwks, "jwks")
        self.keys = _core.Keys.from_json(self.json)

    def has_kid(self, kid: str) -> bool:
        return self.keys.has_kid(kid)

    def __len__(self) -> int:
        return len(self.keys)


def _resolve_keys(jwks: Any, secret: str | bytes | None) -> _core.Keys:
    if jwks is None:
        if secret is None:
            raise invalid_argument("jwks (or secret) is required")
        return _core.Keys.from_secret(secret)
    if isinstance(jwks, LocalJwks):
        return jwks.keys
    if isinstance(jwks, _core.Keys):
        return jwks
    if isinstance(jwks, (bytes, bytearray)):
        return _core.Keys.from_secret(bytes(jwks))
    if isinstance(jwks, (str, Mapping)):
        return _keys_from_text(_json_arg(jwks, "jwks"))
    raise invalid_argument("jwks must be a JWKS, a JWK, their JSON, a LocalJwks or a RemoteJwks")


@dataclass(frozen=True)
class VerifiedJwt:
    """A verified JWT: its claims (``payload``) and its protected header."""

    payload: dict[str, Any]
    protected_header: dict[str, Any] = field(repr=False)

    @property
    def header(self) -> dict[str, Any]:
        """Alias of ``protected_header`` (the JavaScript name)."""
        return self.protected_header


@dataclass(frozen=True)
class VerifiedJws:
    """A verified JWS: its payload bytes and its protected header."""

    payload: bytes
    protected_header: dict[str, Any]


def _is_remote(jwks: Any) -> bool:
    return getattr(jwks, "_authcore_remote", False) is True


def _verify_jwt_with(token: Any, keys: _core.Keys, o: dict[str, Any]) -> VerifiedJwt:
    header, payload = _core.token_verify_jwt(
        token,
        keys,
        now_ms(o["now"]),
        o["algorithms"],
        o["issuer"],
        o["audience"],
        o["subject"],
        o["typ"],
        o["required_claims"],
        o["clock_tolerance"],
        o["max_token_age"],
    )
    return VerifiedJwt(payload=json.loads(payload), protected_header=json.loads(header))


def verify_jwt(
    token: str,
    *,
    jwks: Any = None,
    secret: str | bytes | None = None,
    issuer: str | Sequence[str] | None = None,
    audience: str | Sequence[str] | None = None,
    algorithms: str | Sequence[str] | None = None,
    subject: str | None = None,
    typ: str | None = None,
    required_claims: Sequence[str] | None = None,
    clock_tolerance: int | float | str | None = None,
    max_token_age: int | float | str | None = None,
    now: Now = None,
) -> VerifiedJwt:
    """Verify a JWT's signature and claims (jose's checks and error codes).

    ``jwks``: a JWKS or one JWK (dict or JSON text), a :class:`LocalJwks`, a :class:`RemoteJwks`
    (fetched and cached; a synchronous fetch when it needs one), or ``secret`` for HMAC tokens.
    ``now``: epoch milliseconds or a ``datetime``. Use the presets for Better Auth and Convex
    tokens: ``verify_jwt(t, jwks=keys, **convex_preset(site_url))``.
    """
    o = dict(
        now=now, algorithms=algorithms, issuer=issuer, audience=audience, subject=subject, typ=typ,
        required_claims=required_claims, clock_tolerance=clock_tolerance, max_token_age=max_token_age,
    )
    if _is_remote(jwks):
        return _verify_jwt_with(token, jwks._keys_for(token), o)
    return _verify_jwt_with(token, _resolve_keys(jwks, secret), o)


async def verify_jwt_async(token: str, *, jwks: Any = None, secret: str | bytes | None = None, **options: Any) -> VerifiedJwt:
    """:func:`verify_jwt` for async code: a :class:`RemoteJwks` is fetched without blocking the
    event loop; the verification itself is microseconds (the GIL is released during it)."""
    if _is_remote(jwks):
        keys = await jwks._keys_for_async(token)
        return verify_jwt(token, jwks=keys, **options)
    return verify_jwt(token, jwks=jwks, secret=secret, **options)


def verify_jws(
    token: str, *, jwks: Any = None, secret: str | bytes | None = None, algorithms: str | Sequence[str] | None = None
) -> VerifiedJws:
    """Verify a compact JWS's signature only (no claims): payload bytes and protected header."""
    keys = jwks._keys_for(token) if _is_remote(jwks) else _resolve_keys(jwks, secret)
    header, payload = _core.token_verify_jws(token, keys, algorithms)
    return VerifiedJws(payload=payload, protected_header=json.loads(header))


def decode_protected_header(token: str) -> dict[str, Any]:
    """The protected header of a compact JWS, checked for shape but NOT verified."""
    return json.loads(_core.token_decode_header(token))


def sign_jwt(
    payload: Mapping[str, Any],
    *,
    private_jwk: Mapping[str, Any] | str | None = None,
    secret: str | bytes | None = None,
    alg: str | None = None,
    kid: str | None = None,
    typ: str | None = None,
    issuer: str | None = None,
    audience: str | Sequence[str] | None = None,
    subject: str | None = None,
    jti: str | None = None,
    expires_in: int | str | None = None,
    not_before: int | str | None = None,
    iat: bool = True,
    now: Now = None,
) -> str:
    """Sign a JWT with a private JWK (or an HMAC ``secret``)."""
    if not isinstance(payload, Mapping):
        raise invalid_argument("payload must be a mapping")
    if private_jwk is not None:
        key = _json_arg(private_jwk, "private_jwk")
    elif secret is not None:
        import base64

        raw = secret.encode() if isinstance(secret, str) else secret
        if not isinstance(raw, (bytes, bytearray)):
            raise invalid_argument("secret must be str or bytes")
        key = json.dumps({"kty": "oct", "k": base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()})
    else:
        raise invalid_argument("private_jwk (or secret) is required")
    return _core.token_sign_jwt(
        _json_arg(payload, "payload"), key, now_ms(now), alg, kid, typ, issuer, audience, subject, jti, expires_in, not_before, iat
    )


class KeyPair(NamedTuple):
    public_jwk: dict[str, Any]
    private_jwk: dict[str, Any]


def generate_key_pair(alg: str) -> KeyPair:
    """A key pair for EdDSA, ES256/384/512, RS256…PS512 (2048-bit RSA) or HS256/384/512."""
    pub, priv = _core.token_generate_key_pair(alg)
    return KeyPair(json.loads(pub), json.loads(priv))


def jwk_thumbprint(jwk: Mapping[str, Any] | str) -> str:
    """RFC 7638 SHA-256 thumbprint (base64url)."""
    return _core.token_jwk_thumbprint(_json_arg(jwk, "jwk"))


def convex_preset(site_url: str) -> dict[str, Any]:
    """``verify_jwt`` options for tokens minted by ``@convex-dev/better-auth``: RS256,
    ``iss`` = ``CONVEX_SITE_URL``, ``aud`` = ``"convex"``, ``sub`` and ``exp`` required."""
    return _core.token_preset("convex", _opt_str(site_url, "site_url"))


def better_auth_jwt_preset(base_url: str, audience: str | None = None) -> dict[str, Any]:
    """``verify_jwt`` options for Better Auth JWT-plugin tokens: ``iss`` = ``aud`` = ``baseURL``
    (or the given audience), the plugin's algorithms, ``sub`` and ``exp`` required."""
    return _core.token_preset("better-auth-jwt", _opt_str(base_url, "base_url"), _opt_str(audience, "audience"))


def email_verification_preset() -> dict[str, Any]:
    """``verify_jwt`` options for Better Auth email-verification tokens (HS256: pass ``secret``)."""
    return _core.token_preset("better-auth-email-verification")


def _opt_str(v: Any, name: str) -> str | None:
    if v is None or isinstance(v, str):
        return v
    raise invalid_argument(f"{name} must be a str")


__all__ = [
    "AuthError",
    "CookieCache",
    "KeyPair",
    "LocalJwks",
    "PasswordHashInfo",
    "ReadOutcome",
    "SignedCookieCache",
    "VerifiedJws",
    "VerifiedJwt",
    "better_auth_jwt_preset",
    "convex_preset",
    "decode_protected_header",
    "decrypt_private_key",
    "email_verification_preset",
    "explain_token",
    "generate_key_pair",
    "hash_password",
    "hash_password_async",
    "hash_password_with_salt",
    "inspect_password_hash",
    "inspect_token",
    "jwk_thumbprint",
    "parse_secrets_env",
    "read_cookie_cache",
    "read_cookie_cache_with_reason",
    "read_session_token",
    "read_session_token_with_reason",
    "secrets_equal",
    "sign_cookie_cache",
    "sign_jwt",
    "sign_session_token",
    "verify_jws",
    "verify_jwt",
    "verify_jwt_async",
    "verify_password",
    "verify_password_async",
    "verify_signed_cookie_value",
]
_ = AuthError
