"""Hostile input: every public function, and the extension module underneath, given wrong
types, huge and malformed values thousands of times, answers AuthError with an ERR_* code:
never another exception, never a crash or a hang. Then the instance still serves."""

from __future__ import annotations

import math

import pytest

import authcore_rs as ac
from authcore_rs import _authcore as core

REPEAT = 2000  # cheap bad values
REPEAT_HUGE = 10  # multi-megabyte values

HUGE = "x" * (10 << 20)
HUGE_COOKIE = "better-auth.session_token=" + "a" * (1 << 20)
HUGE_TOKEN = "eyJhbGciOiJFZERTQSJ9." + "A" * (1 << 20) + ".AAAA"
DEEP = "[" * 100_000 + "]" * 100_000
DEEP_JWKS = '{"keys":[' + '{"a":' * 5000 + "1" + "}" * 5000 + "]}"
MANY_COOKIES = "; ".join(f"c{i}=v" for i in range(5000))
MANY_CHUNKS = "; ".join(f"better-auth.session_data.{i}=v" for i in range(150))


class Weird:
    def __str__(self) -> str:
        raise RuntimeError("no")

    def __len__(self) -> int:
        raise RuntimeError("no")


CHEAP_BAD = [None, 0, -1, 2**100, 1.5, math.nan, math.inf, True, b"bytes", bytearray(b"x"), [], {}, (), object(), Weird(), "\ud800", ""]
HUGE_BAD = [HUGE, HUGE_COOKIE, HUGE_TOKEN, DEEP, DEEP_JWKS, MANY_COOKIES, MANY_CHUNKS, ["s"] * 1_000_000]

PAIR = ac.generate_key_pair("EdDSA")
TOKEN = ac.sign_jwt({"sub": "u1"}, private_jwk=PAIR.private_jwk, expires_in=3600)
HASH = "00112233445566778899aabbccddeeff:" + "0" * 128
COOKIE = "better-auth.session_token=" + ac.sign_session_token("AbCdEfGhIjKlMnOpQrStUvWxYz012345", secret="s" * 32)

# (name, call with one bad value)
CALLS = [
    ("hash_password", lambda b: ac.hash_password(b)),
    ("hash_password max", lambda b: ac.hash_password("pw", max_password_length=b)),
    ("hash_password_with_salt", lambda b: ac.hash_password_with_salt("pw", b)),
    ("verify_password hash", lambda b: ac.verify_password(b, "pw")),
    ("verify_password password", lambda b: ac.verify_password(HASH, b)),
    ("verify_password legacy", lambda b: ac.verify_password("$2b$10$" + "a" * 53, "pw", legacy=b if b is not None else {"firebase": b})),
    ("inspect_password_hash", lambda b: ac.inspect_password_hash(b)),
    ("read_session_token cookies", lambda b: ac.read_session_token(b if b is not None else 1, secret="s" * 32)),
    ("read_session_token secret", lambda b: ac.read_session_token(COOKIE, secret=b)),
    ("read_session_token prefix", lambda b: ac.read_session_token(COOKIE, secret="s" * 32, cookie_prefix=b if b is not None else 1)),
    ("read_cookie_cache cookies", lambda b: ac.read_cookie_cache(b if b is not None else 1, secret="s" * 32)),
    ("read_cookie_cache secret", lambda b: ac.read_cookie_cache("better-auth.session_data=abc", secret=b)),
    ("read_cookie_cache now", lambda b: ac.read_cookie_cache("better-auth.session_data=abc", secret="s" * 32, now=b if b is not None else "x")),
    ("read_cookie_cache strategy", lambda b: ac.read_cookie_cache("better-auth.session_data=abc", secret="s" * 32, strategy=b if b is not None else 1)),
    ("read_cookie_cache jwks", lambda b: ac.read_cookie_cache("better-auth.session_data=abc", secret="s" * 32, jwks=b if b is not None else 1)),
    ("read_session_token secure", lambda b: ac.read_session_token(COOKIE, secret="s" * 32, secure=b if b is not None else 1)),
    ("read_session_token accept_previous_secrets", lambda b: ac.read_session_token(COOKIE, secret="s" * 32, accept_previous_secrets=b)),
    ("read_cookie_cache secure", lambda b: ac.read_cookie_cache("better-auth.session_data=abc", secret="s" * 32, secure=b if b is not None else 1)),
    ("read_cookie_cache accept_previous_secrets", lambda b: ac.read_cookie_cache("better-auth.session_data=abc", secret="s" * 32, accept_previous_secrets=b)),
    ("read_cookie_cache version", lambda b: ac.read_cookie_cache("better-auth.session_data=abc", secret="s" * 32, version=b if b is not None else 1)),
    ("verify_signed_cookie_value", lambda b: ac.verify_signed_cookie_value(b, secret="s" * 32)),
    ("verify_signed_cookie_value accept_previous_secrets", lambda b: ac.verify_signed_cookie_value(COOKIE.split("=", 1)[1], secret="s" * 32, accept_previous_secrets=b)),
    ("sign_session_token", lambda b: ac.sign_session_token(b, secret="s" * 32)),
    ("verify_jwt token", lambda b: ac.verify_jwt(b, jwks=PAIR.public_jwk)),
    ("verify_jwt jwks", lambda b: ac.verify_jwt(TOKEN, jwks=b if b is not None else 1)),
    ("verify_jwt secret", lambda b: ac.verify_jwt(TOKEN, secret=b if b is not None else 1)),
    ("verify_jwt issuer", lambda b: ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk, issuer=b if b is not None else 1)),
    ("verify_jwt audience", lambda b: ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk, audience=b if b is not None else 1)),
    ("verify_jwt algorithms", lambda b: ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk, algorithms=b if b is not None else 1)),
    ("verify_jwt required_claims", lambda b: ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk, required_claims=b if b is not None else 1)),
    ("verify_jwt clock_tolerance", lambda b: ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk, clock_tolerance=b if b is not None else -1)),
    ("verify_jwt now", lambda b: ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk, now=b if b is not None else "x")),
    ("verify_jws", lambda b: ac.verify_jws(b, jwks=PAIR.public_jwk)),
    ("decode_protected_header", lambda b: ac.decode_protected_header(b)),
    ("inspect_token", lambda b: ac.inspect_token(b)),
    ("explain_token", lambda b: ac.explain_token(b)),
    ("LocalJwks", lambda b: ac.LocalJwks(b)),
    ("jwk_thumbprint", lambda b: ac.jwk_thumbprint(b)),
    ("generate_key_pair", lambda b: ac.generate_key_pair(b)),
    ("sign_jwt payload", lambda b: ac.sign_jwt(b, private_jwk=PAIR.private_jwk)),
    ("sign_jwt key", lambda b: ac.sign_jwt({}, private_jwk=b if b is not None else 1)),
    ("decrypt_private_key", lambda b: ac.decrypt_private_key(b, secret="s" * 32)),
    ("parse_secrets_env", lambda b: ac.parse_secrets_env(b)),
    ("secrets_equal", lambda b: ac.secrets_equal(b, "x")),
    ("convex_preset", lambda b: ac.convex_preset(b)),
    ("sign_cookie_cache", lambda b: ac.sign_cookie_cache(b, {}, secret="s" * 32)),
    # The extension module directly (a caller bypassing the wrapper).
    ("core.password_hash", lambda b: core.password_hash(b)),
    ("core.password_verify", lambda b: core.password_verify(HASH, "pw", b)),
    ("core.cookie_read_cache", lambda b: core.cookie_read_cache("a=b", "s" * 32, b)),
    ("core.token_verify_jwt keys", lambda b: core.token_verify_jwt(TOKEN, b, 0)),
    ("core.token_verify_jwt now", lambda b: core.token_verify_jwt(TOKEN, core.Keys.from_json('{"keys":[]}'), b)),
    ("core.Keys.from_json", lambda b: core.Keys.from_json(b)),
    ("core.Keys.from_secret", lambda b: core.Keys.from_secret(b)),
    ("core.cookie_sign_cache random", lambda b: core.cookie_sign_cache("{}", "{}", "s" * 32, 0, b)),
]


def hammer(call, values, repeat):
    """Call once per value; a value the argument accepts (an empty prefix, ``0`` as ``now``…) is
    not a bad value there and is not repeated. Each refused value is repeated ``repeat`` times
    and must always be refused the same way. Any exception but AuthError fails the test."""
    refused = 0
    for bad in values:
        try:
            call(bad)
            continue
        except ac.AuthError as e:
            assert e.code.startswith("ERR_"), e
            code = e.code
        refused += 1
        for _ in range(repeat - 1):
            with pytest.raises(ac.AuthError) as again:
                call(bad)
            assert again.value.code == code
    return refused


@pytest.mark.parametrize("name,call", CALLS, ids=[c[0] for c in CALLS])
def test_wrong_types_and_odd_values(name, call):
    assert hammer(call, CHEAP_BAD, REPEAT) >= 8  # most of them are refused everywhere


@pytest.mark.parametrize("name,call", CALLS, ids=[c[0] for c in CALLS])
def test_huge_values(name, call):
    hammer(call, HUGE_BAD, REPEAT_HUGE)


def test_specific_codes():
    cases = [
        (lambda: ac.hash_password(None), "ERR_INVALID_ARGUMENT"),
        (lambda: ac.hash_password(HUGE), "ERR_PASSWORD_TOO_LONG"),
        (lambda: ac.hash_password("\ud800"), "ERR_INVALID_ARGUMENT"),
        (lambda: ac.verify_jwt(HUGE_TOKEN, jwks=PAIR.public_jwk), "ERR_JWS_INVALID"),
        (lambda: ac.verify_jwt(123, jwks=PAIR.public_jwk), "ERR_JWS_INVALID"),
        (lambda: ac.LocalJwks(DEEP_JWKS), "ERR_JWKS_INVALID"),
        (lambda: ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk, algorithms=["none"]), "ERR_INVALID_ARGUMENT"),
        (lambda: ac.read_session_token(COOKIE, secret=["s"] * 17), "ERR_INVALID_ARGUMENT"),
        (lambda: ac.read_session_token(COOKIE, secret=[]), "ERR_INVALID_ARGUMENT"),
        (lambda: ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk, now=2**70), "ERR_INVALID_ARGUMENT"),
    ]
    for call, code in cases:
        with pytest.raises(ac.AuthError) as e:
            call()
        assert e.value.code == code, (e.value, code)
    # A request's cookies never raise: no session, with the reason.
    for read, code in [
        (lambda: ac.read_session_token_with_reason(HUGE_COOKIE + "x" * (1 << 19), secret="s"), "ERR_COOKIE_MALFORMED"),
        (lambda: ac.read_cookie_cache_with_reason(MANY_CHUNKS, secret="s"), "ERR_COOKIE_MALFORMED"),
    ]:
        out = read()
        assert out.value is None and out.reason is not None and out.reason.code == code, out
    assert ac.read_session_token(HUGE_COOKIE + "x" * (1 << 19), secret="s") is None
    assert ac.read_cookie_cache(MANY_CHUNKS, secret="s") is None


def test_still_serves_after_the_abuse():
    h = ac.hash_password("still here")
    assert ac.verify_password(h, "still here")
    assert ac.verify_jwt(TOKEN, jwks=PAIR.public_jwk).payload["sub"] == "u1"
    assert ac.read_session_token(COOKIE, secret="s" * 32) == "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
