# Type stubs of the Rust extension (src/python.rs). Internal: use the authcore_rs package API.
from typing import Any

DEFAULT_JWKS_COOLDOWN_MS: int
DEFAULT_JWKS_CACHE_MAX_AGE_MS: int
DEFAULT_MAX_PASSWORD_LENGTH: int
MAX_PASSWORD_BYTES: int
DEFAULT_COOKIE_PREFIX: str
MAX_COOKIE_HEADER_BYTES: int
MAX_TOKEN_BYTES: int
MAX_JWKS_BYTES: int
VERSION: str

class Keys:
    @staticmethod
    def from_json(json: str) -> Keys: ...
    @staticmethod
    def from_secret(secret: str | bytes) -> Keys: ...
    def has_kid(self, kid: str) -> bool: ...
    def __len__(self) -> int: ...

def _register_error(cls: type) -> None: ...
def password_hash(password: str, max_password_length: int | None = None) -> str: ...
def password_hash_with_salt(password: str, salt: str, max_password_length: int | None = None) -> str: ...
def password_verify(hash: str, password: str, legacy: Any = None, max_password_length: int | None = None) -> bool: ...
def password_check_options(max_password_length: int | None = None, legacy: Any = None) -> None: ...
def password_inspect(hash: str) -> str: ...
def cookie_read_session_token(
    header: str,
    secret: Any,
    cookie_prefix: str | None = None,
    secure: bool | None = None,
    url: str | None = None,
    accept_previous_secrets: bool | None = None,
) -> tuple[str | None, tuple[str, str] | None]: ...
def cookie_verify_signed_value(value: str, secret: Any, accept_previous_secrets: bool | None = None) -> str: ...
def cookie_sign_session_token(token: str, secret: Any) -> str: ...
def cookie_read_cache(
    header: str,
    secret: Any,
    now_ms: int,
    cookie_prefix: str | None = None,
    strategy: str | None = None,
    jwks: str | None = None,
    secure: bool | None = None,
    url: str | None = None,
    accept_previous_secrets: bool | None = None,
    version: str | None = None,
) -> tuple[str | None, tuple[str, str] | None]: ...
def cookie_cache_version_reason(cache_version: str | None, expected: str) -> tuple[str, str] | None: ...
def cookie_sign_cache(
    session_json: str,
    user_json: str,
    secret: Any,
    now_ms: int,
    random: bytes,
    strategy: str | None = None,
    max_age: int | None = None,
    version: str | None = None,
) -> str: ...
def cookie_chunk(name: str, value: str, secure: bool, max_age: int) -> list[tuple[str, str]]: ...
def crypto_decrypt_private_key(stored: str, secret: Any) -> str: ...
def secrets_parse_env(value: str) -> list[tuple[int | None, str]]: ...
def secrets_equal(a: str | bytes, b: str | bytes) -> bool: ...
def token_inspect(value: str) -> str: ...
def token_explain(
    value: str,
    now_ms: int,
    secret: Any = None,
    jwks: str | None = None,
    issuer: str | None = None,
    audience: str | None = None,
    cookie_prefix: str | None = None,
    strategy: str | None = None,
) -> str: ...
def token_verify_jwt(
    token: str,
    keys: Keys,
    now_ms: int,
    algorithms: Any = None,
    issuer: Any = None,
    audience: Any = None,
    subject: str | None = None,
    typ: str | None = None,
    required_claims: Any = None,
    clock_tolerance: Any = None,
    max_token_age: Any = None,
) -> tuple[str, str]: ...
def token_verify_jws(token: str, keys: Keys, algorithms: Any = None) -> tuple[str, bytes]: ...
def token_decode_header(token: str) -> str: ...
def token_sign_jwt(
    claims_json: str,
    jwk_json: str,
    now_ms: int,
    alg: str | None = None,
    kid: str | None = None,
    typ: str | None = None,
    issuer: str | None = None,
    audience: Any = None,
    subject: str | None = None,
    jti: str | None = None,
    expires_in: Any = None,
    not_before: Any = None,
    iat: bool = True,
) -> str: ...
def token_generate_key_pair(alg: str) -> tuple[str, str]: ...
def token_jwk_thumbprint(jwk_json: str) -> str: ...
def token_preset(name: str, arg: str | None = None, arg2: str | None = None) -> dict[str, Any]: ...
def token_jwks_refresh_decision(
    fetched_at_ms: int | None, now_ms: int, kid_found: bool | None, cooldown_ms: int | None = None, cache_max_age_ms: int | None = None
) -> str: ...
