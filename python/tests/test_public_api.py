"""The names the issue gives are API; the wheel is typed and abi3."""

from __future__ import annotations

import inspect
from pathlib import Path

import authcore_rs as ac
from authcore_rs import _authcore

ISSUE_NAMES = [
    "hash_password", "verify_password", "inspect_password_hash", "read_session_token", "read_cookie_cache",
    "verify_jwt", "verify_jws", "RemoteJwks", "convex_preset", "better_auth_jwt_preset", "inspect_token",
    "secrets_equal", "AuthError", "verify_password_async", "hash_password_async",
]


def test_names_exist_and_are_exported():
    for n in ISSUE_NAMES:
        assert hasattr(ac, n) and n in ac.__all__, n
    assert all(hasattr(ac, n) for n in ac.__all__)
    from authcore_rs.fastapi import require_jwt, require_session

    assert callable(require_jwt) and callable(require_session)


def test_keyword_options():
    sig = inspect.signature(ac.verify_jwt)
    for k in ("jwks", "issuer", "audience", "algorithms", "now"):
        assert sig.parameters[k].kind is inspect.Parameter.KEYWORD_ONLY
    assert inspect.signature(ac.verify_password).parameters["legacy"].default is False
    assert inspect.signature(ac.read_session_token).parameters["secret"].kind is inspect.Parameter.KEYWORD_ONLY
    for f in (ac.read_session_token, ac.read_session_token_with_reason, ac.read_cookie_cache, ac.read_cookie_cache_with_reason):
        params = inspect.signature(f).parameters
        assert params["secure"].default is None and params["accept_previous_secrets"].default is False
        assert params["secure"].kind is params["accept_previous_secrets"].kind is inspect.Parameter.KEYWORD_ONLY
    assert inspect.signature(ac.read_cookie_cache).parameters["version"].default is None
    assert inspect.signature(ac.verify_signed_cookie_value).parameters["accept_previous_secrets"].default is False
    # The password policy is opt-in.
    assert inspect.signature(ac.hash_password).parameters["max_password_length"].default is None


def test_typed_abi3_wheel():
    pkg = Path(ac.__file__).parent
    assert (pkg / "py.typed").exists() and (pkg / "_authcore.pyi").exists()
    assert Path(_authcore.__file__).name.endswith(".abi3.so")


def test_defaults_come_from_the_core():
    assert ac.DEFAULT_MAX_PASSWORD_LENGTH == 128
    assert ac.MAX_PASSWORD_BYTES == 65_536
    assert ac.DEFAULT_JWKS_COOLDOWN_MS == 30_000 and ac.DEFAULT_JWKS_CACHE_MAX_AGE_MS == 600_000
    assert ac.DEFAULT_COOKIE_PREFIX == "better-auth"


def test_auth_error_is_picklable_and_has_code():
    import pickle

    try:
        ac.verify_jwt("x", jwks={"keys": []})
    except ac.AuthError as e:
        again = pickle.loads(pickle.dumps(e))
        assert (again.code, str(again)) == (e.code, str(e))
        assert e.code == "ERR_JWS_INVALID"
    else:  # pragma: no cover
        raise AssertionError("no error")
