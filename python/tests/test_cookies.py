"""Session cookies and cookie caches made by better-auth 1.6.34 and 1.7.25: the committed
vectors (tests/vectors/cookies, tests/vectors/better-auth) and live instances over HTTP."""

from __future__ import annotations

import json

import pytest
from starlette.requests import Request

import authcore_rs as ac
from conftest import sign_up


def secret_of(f):
    if f.get("secrets"):
        return [{"version": s["version"], "value": s["value"]} for s in f["secrets"]]
    return f["secret"]


def updated_at(f):
    return int(f["libraryGetCookieCache"]["updatedAt"])


def starlette_request(cookie_header: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": [(b"cookie", cookie_header.encode("latin-1"))]})


def cookie_map(header: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in header.split("; "))


def test_signed_values(cookie_vectors, ba_vectors):
    for s in cookie_vectors["signed"]:
        assert ac.verify_signed_cookie_value(s["cookieValue"], secret=s["secret"]) == s["token"]
        assert ac.sign_session_token(s["token"], secret=s["secret"]) == s["cookieValue"]
    sc = ba_vectors["signedCookie"]
    assert ac.sign_session_token(sc["token"], secret=sc["secret"]) == sc["wireValue"]
    assert ac.read_session_token(sc["exampleSetCookie"].split(";")[0], secret=sc["secret"]) == sc["token"]


def test_session_token_from_every_flow(cookie_vectors):
    flows = cookie_vectors["flows"]
    assert len(flows) == 15
    for f in flows:
        header = f["cookieHeader"]
        prefix = f["cookiePrefix"]
        assert f["libraryGetSessionTokenOnly"]["session"]  # Better Auth itself accepted it
        for source in (header, cookie_map(header), starlette_request(header)):
            assert ac.read_session_token(source, secret=secret_of(f), cookie_prefix=prefix) == f["sessionToken"], f["name"]
        assert ac.read_session_token(header, secret=secret_of(f), cookie_prefix="other") is None
        with pytest.raises(ac.AuthError) as e:
            ac.read_session_token(header, secret="wrong-secret-wrong-secret-wrong", cookie_prefix=prefix)
        assert e.value.code == "ERR_COOKIE_SIGNATURE_INVALID"
        rotated = ["a-newer-secret-that-signed-nothing-yet"] + (
            [secret_of(f)] if isinstance(secret_of(f), str) else [s["value"] for s in secret_of(f)]
        )
        assert ac.read_session_token(header, secret=rotated, cookie_prefix=prefix) == f["sessionToken"]


def test_cookie_cache_from_every_flow(cookie_vectors):
    checked = 0
    for f in cookie_vectors["flows"]:
        name = f["name"]
        header = f["cookieHeader"]
        now = updated_at(f)
        jwks = f.get("jwks")
        kw = dict(secret=secret_of(f), cookie_prefix=f["cookiePrefix"], jwks=jwks)
        cache = ac.read_cookie_cache(header, strategy=f["strategy"], now=now, **kw)
        assert cache is not None, name
        lib = f["libraryGetCookieCache"]
        assert cache.session["token"] == f["sessionToken"], name
        assert cache.session["id"] == lib["session"]["id"]
        assert cache.user == {k: cache.user[k] for k in cache.user}  # a plain dict
        for k in ("id", "name", "email"):
            assert cache.user[k] == lib["user"][k], (name, k)
        assert cache.updated_at == lib["updatedAt"]
        assert cache.version == "1"
        assert now + 299_000 <= cache.expires_at <= now + 301_000
        assert cache.strategy == f["strategy"]
        # Auto-detected strategy, a mapping and a Starlette Request give the same answer.
        assert ac.read_cookie_cache(header, now=now, **kw) == cache
        assert ac.read_cookie_cache(cookie_map(header), now=now, **kw) == cache
        assert ac.read_cookie_cache(starlette_request(header), now=now, **kw) == cache
        # Expired: None (Better Auth would ignore it too).
        assert ac.read_cookie_cache(header, now=cache.expires_at + 16_000, **kw) is None
        # Wrong secret: invalid.
        if "jwks-cache" not in name:
            with pytest.raises(ac.AuthError) as e:
                ac.read_cookie_cache(header, now=now, **{**kw, "secret": "wrong-secret-wrong-secret-wrong"})
            assert e.value.code == "ERR_COOKIE_CACHE_INVALID", name
        else:
            with pytest.raises(ac.AuthError) as e:
                ac.read_cookie_cache(header, now=now, **{**kw, "jwks": None})
            assert e.value.code == "ERR_COOKIE_CACHE_INVALID"
        checked += 1
    assert checked == 15


def test_chunked_caches(cookie_vectors):
    chunked = [f for f in cookie_vectors["flows"] if f["name"].endswith("chunked")]
    assert len(chunked) == 4
    for f in chunked:
        assert len(f["sessionDataCookies"]) > 1
        cache = ac.read_cookie_cache(f["cookieHeader"], secret=secret_of(f), now=updated_at(f))
        assert cache is not None and len(cache.user["name"]) > 9000


def test_datetime_now(cookie_vectors):
    from datetime import datetime, timezone

    f = cookie_vectors["flows"][0]
    when = datetime.fromtimestamp(updated_at(f) / 1000, tz=timezone.utc)
    assert ac.read_cookie_cache(f["cookieHeader"], secret=f["secret"], now=when) is not None


def test_jwks_private_key_rows(cookie_vectors, ba_vectors):
    n = 0
    for f in cookie_vectors["flows"]:
        for row in f.get("jwksRows") or []:
            assert ac.decrypt_private_key(row["privateKey"], secret=secret_of(f)) == row["decryptedPrivateKey"]
            n += 1
    assert n == 5
    p = ba_vectors["flows"]["compact_http"]["jwtPlugin"]
    dec = json.loads(ac.decrypt_private_key(p["jwksRow"]["privateKey"], secret=ba_vectors["secret"]))
    assert dec["kty"] == "OKP" and "d" in dec
    with pytest.raises(ac.AuthError) as e:
        ac.decrypt_private_key(p["jwksRow"]["privateKey"], secret="another-secret-another-secret-x")
    assert e.value.code == "ERR_DECRYPT_FAILED"


def test_sign_cookie_cache_round_trip():
    session = {"id": "s1", "token": "AbCdEfGhIjKlMnOpQrStUvWxYz012345", "userId": "u1", "expiresAt": "2099-01-15T08:00:00.000Z"}
    user = {"id": "u1", "email": "a@example.com", "name": "A" * 6000}
    for strategy in ("compact", "jwt", "jwe"):
        signed = ac.sign_cookie_cache(session, user, secret="s" * 32, strategy=strategy, now=1_800_000_000_000)
        assert len(signed.cookies) >= 2  # chunked past 4 KB
        header = "; ".join(f"{k}={v}" for k, v in signed.cookies)
        c = ac.read_cookie_cache(header, secret="s" * 32, now=1_800_000_000_000)
        assert c is not None and c.user == user and c.strategy == strategy


def test_inspect_and_explain(cookie_vectors):
    f = cookie_vectors["flows"][0]
    info = ac.inspect_token(f["cookieHeader"])
    assert info["parts"]
    ex = ac.explain_token(f["cookieHeader"], secret="wrong-secret-wrong-secret-wrong", now=updated_at(f))
    assert ex["valid"] is False and any(p["code"] == "ERR_COOKIE_SIGNATURE_INVALID" for p in ex["problems"])
    with pytest.raises(ac.AuthError) as e:
        ac.inspect_token("definitely not a token")
    assert e.value.code == "ERR_TOKEN_UNRECOGNIZED"


def test_secrets_env_and_equal():
    assert ac.parse_secrets_env("2:new-secret,1:old-secret") == [
        {"version": 2, "value": "new-secret"},
        {"version": 1, "value": "old-secret"},
    ]
    assert ac.secrets_equal("setup-secret", "setup-secret")
    assert ac.secrets_equal(b"setup-secret", "setup-secret")
    assert not ac.secrets_equal("setup-secret", "setup-secreT")
    assert not ac.secrets_equal("short", "setup-secret")


def test_live_better_auth_cookies(better_auth):
    """Each live instance: what Better Auth's own get-session says is what authcore reads."""
    for inst in better_auth.instances:
        u = sign_up(inst)
        gs = u["getSession"]
        token = ac.read_session_token(u["cookie"], secret=inst["secret"], cookie_prefix=inst["cookiePrefix"])
        assert token == gs["session"]["token"], inst["name"]
        jwks = u["jwks"] if inst["cookieCacheJwks"] else None
        cache = ac.read_cookie_cache(u["cookie"], secret=inst["secret"], cookie_prefix=inst["cookiePrefix"], jwks=jwks)
        assert cache is not None, inst["name"]
        assert cache.strategy == inst["strategy"]
        assert cache.session["token"] == token
        assert cache.session["id"] == gs["session"]["id"]
        assert cache.user["id"] == gs["user"]["id"] and cache.user["email"] == u["email"]
        with pytest.raises(ac.AuthError):
            ac.read_session_token(u["cookie"], secret="x" * 40, cookie_prefix=inst["cookiePrefix"])
