"""authcore for Python: Better Auth-compatible passwords, session cookies, cookie caches and
JWTs, from the same Rust core as the ``authcore`` npm package and CLI.

    from authcore_rs import hash_password, verify_password, read_session_token, verify_jwt

Every function raises :class:`AuthError` (with a stable ``.code``) on bad input, never anything
else. FastAPI dependencies live in :mod:`authcore_rs.fastapi`.
"""

from __future__ import annotations

from . import _authcore
from ._api import (
    CookieCache,
    KeyPair,
    LocalJwks,
    PasswordHashInfo,
    ReadOutcome,
    SignedCookieCache,
    VerifiedJws,
    VerifiedJwt,
    better_auth_jwt_preset,
    convex_preset,
    decode_protected_header,
    decrypt_private_key,
    email_verification_preset,
    explain_token,
    generate_key_pair,
    hash_password,
    hash_password_async,
    hash_password_with_salt,
    inspect_password_hash,
    inspect_token,
    jwk_thumbprint,
    parse_secrets_env,
    read_cookie_cache,
    read_cookie_cache_with_reason,
    read_session_token,
    read_session_token_with_reason,
    secrets_equal,
    sign_cookie_cache,
    sign_jwt,
    sign_session_token,
    verify_jws,
    verify_jwt,
    verify_jwt_async,
    verify_password,
    verify_password_async,
    verify_signed_cookie_value,
)
from ._errors import AuthError
from ._remote import RemoteJwks, create_remote_jwks, httpx_async_fetch, httpx_fetch, urllib_fetch
from ._util import bearer_token, cookie_header

_authcore._register_error(AuthError)

__version__: str = _authcore.VERSION

#: Defaults and limits, read from the Rust core.
#: Better Auth's default ``maxPasswordLength`` (128): a value for the opt-in ``max_password_length``.
DEFAULT_MAX_PASSWORD_LENGTH: int = _authcore.DEFAULT_MAX_PASSWORD_LENGTH
#: The denial-of-service ceiling on any password (64 KiB of UTF-8).
MAX_PASSWORD_BYTES: int = _authcore.MAX_PASSWORD_BYTES
DEFAULT_COOKIE_PREFIX: str = _authcore.DEFAULT_COOKIE_PREFIX
DEFAULT_JWKS_COOLDOWN_MS: int = _authcore.DEFAULT_JWKS_COOLDOWN_MS
DEFAULT_JWKS_CACHE_MAX_AGE_MS: int = _authcore.DEFAULT_JWKS_CACHE_MAX_AGE_MS
MAX_COOKIE_HEADER_BYTES: int = _authcore.MAX_COOKIE_HEADER_BYTES
MAX_TOKEN_BYTES: int = _authcore.MAX_TOKEN_BYTES

from . import _api, _remote  # noqa: E402

__all__ = sorted(
    {*_api.__all__, *_remote.__all__}
    - {"AsyncFetch", "Fetch"}
    | {
        "DEFAULT_COOKIE_PREFIX",
        "DEFAULT_JWKS_CACHE_MAX_AGE_MS",
        "DEFAULT_JWKS_COOLDOWN_MS",
        "DEFAULT_MAX_PASSWORD_LENGTH",
        "MAX_COOKIE_HEADER_BYTES",
        "MAX_PASSWORD_BYTES",
        "MAX_TOKEN_BYTES",
        "bearer_token",
        "cookie_header",
    }
)
