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


def starlette_request(cookie_header: str, scheme: str = "http") -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "scheme": scheme,
            "server": ("app.example.com", 443 if scheme == "https" else 80),
            "path": "/",
            "headers": [(b"cookie", cookie_header.encode("latin-1"))],
        }
    )


def scheme_of(f) -> str:
    return "https" if f.get("https") else "http"


def rotated_secrets(f) -> list:
    """A rotation that happened after the vector was made: a new current secret, the vector's
    secrets kept as previous ones."""
    old = secret_of(f)
    return ["a-newer-secret-that-signed-nothing-yet"] + ([old] if isinstance(old, str) else [s["value"] for s in old])


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
        for source in (header, cookie_map(header), starlette_request(header, scheme_of(f))):
            assert ac.read_session_token(source, secret=secret_of(f), cookie_prefix=prefix) == f["sessionToken"], f["name"]
        assert ac.read_session_token(header, secret=secret_of(f), cookie_prefix="other") is None
        # Another deployment's secret: no session (as Better Auth sees it), with the reason.
        wrong = "wrong-secret-wrong-secret-wrong"
        assert ac.read_session_token(header, secret=wrong, cookie_prefix=prefix) is None
        out = ac.read_session_token_with_reason(header, secret=wrong, cookie_prefix=prefix)
        assert out.value is None and out.reason is not None
        assert out.reason.code == "ERR_COOKIE_SIGNATURE_INVALID"
        ok = ac.read_session_token_with_reason(header, secret=secret_of(f), cookie_prefix=prefix)
        assert (ok.value, ok.reason) == (f["sessionToken"], None)
        absent = ac.read_session_token_with_reason("", secret=secret_of(f), cookie_prefix=prefix)
        assert (absent.value, absent.reason) == (None, None)
        # Rotated away: the current secret only, unless a grace period is asked for.
        rotated = rotated_secrets(f)
        out = ac.read_session_token_with_reason(header, secret=rotated, cookie_prefix=prefix)
        assert out.value is None and out.reason.code == "ERR_COOKIE_SIGNATURE_INVALID", f["name"]
        assert ac.read_session_token(header, secret=rotated, cookie_prefix=prefix, accept_previous_secrets=True) == f["sessionToken"]


def test_rotation_verify_signed_value(cookie_vectors):
    f = cookie_vectors["flows"][0]
    value = cookie_map(f["cookieHeader"])[f["sessionTokenCookie"]]
    assert ac.verify_signed_cookie_value(value, secret=secret_of(f)) == f["sessionToken"]
    with pytest.raises(ac.AuthError) as e:
        ac.verify_signed_cookie_value(value, secret=rotated_secrets(f))
    assert e.value.code == "ERR_COOKIE_SIGNATURE_INVALID"
    assert ac.verify_signed_cookie_value(value, secret=rotated_secrets(f), accept_previous_secrets=True) == f["sessionToken"]
    # The current secret signs; a list whose current one signed it verifies without the opt-in.
    assert ac.verify_signed_cookie_value(value, secret=[secret_of(f), "an-older-secret-0123456789abcdef"]) == f["sessionToken"]


def test_secure_cookie_names(cookie_vectors):
    """``__Secure-`` or not, as Better Auth decides: ``secure=``, else the request's scheme."""
    https = [f for f in cookie_vectors["flows"] if f.get("https")]
    plain = [f for f in cookie_vectors["flows"] if not f.get("https") and f["cookiePrefix"] == "better-auth"]
    assert https and plain
    for f in https + plain:
        header, token, secret = f["cookieHeader"], f["sessionToken"], secret_of(f)
        is_https = bool(f.get("https"))
        assert ac.read_session_token(header, secret=secret, secure=is_https) == token
        assert ac.read_session_token(header, secret=secret, secure=not is_https) is None
        # No option: a Request's URL scheme decides.
        assert ac.read_session_token(starlette_request(header, scheme_of(f)), secret=secret) == token
        other = "http" if is_https else "https"
        assert ac.read_session_token(starlette_request(header, other), secret=secret) is None
        # An explicit option wins over the scheme.
        assert ac.read_session_token(starlette_request(header, other), secret=secret, secure=is_https) == token
        # The cookie cache follows the same rule.
        now = updated_at(f)
        kw = dict(secret=secret, now=now, jwks=f.get("jwks"))
        assert ac.read_cookie_cache(header, secure=is_https, **kw) is not None, f["name"]
        assert ac.read_cookie_cache(header, secure=not is_https, **kw) is None
        assert ac.read_cookie_cache(starlette_request(header, scheme_of(f)), **kw) is not None
        assert ac.read_cookie_cache(starlette_request(header, other), **kw) is None
    # Both forms sent, nothing says which: the __Secure- one; secure=False reads the plain one.
    a, b = https[0], plain[0]
    both = a["cookieHeader"].rstrip("; ") + "; " + b["cookieHeader"]
    if secret_of(a) == secret_of(b):
        assert ac.read_session_token(both, secret=secret_of(a)) == a["sessionToken"]
        assert ac.read_session_token(both, secret=secret_of(a), secure=False) == b["sessionToken"]


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
        assert ac.read_cookie_cache(starlette_request(header, scheme_of(f)), now=now, **kw) == cache
        # Expired: None (Better Auth would ignore it too).
        assert ac.read_cookie_cache(header, now=cache.expires_at + 16_000, **kw) is None
        # Wrong secret (or, JWKS-signed, no JWKS): no cache, as Better Auth sees it, with the reason.
        refused = {**kw, "jwks": None} if "jwks-cache" in name else {**kw, "secret": "wrong-secret-wrong-secret-wrong"}
        assert ac.read_cookie_cache(header, now=now, **refused) is None, name
        out = ac.read_cookie_cache_with_reason(header, now=now, **refused)
        assert out.value is None and out.reason is not None, name
        assert out.reason.code == "ERR_COOKIE_CACHE_INVALID", (name, out.reason)
        ok = ac.read_cookie_cache_with_reason(header, now=now, **kw)
        assert ok.value == cache and ok.reason is None
        # Expired is no cache and no reason.
        assert ac.read_cookie_cache_with_reason(header, now=cache.expires_at + 16_000, **kw).reason is None
        # Rotated away: compact and jwt caches verify under the current secret only (unless
        # accept_previous_secrets); jwe caches decrypt under every secret, as in Better Auth.
        if "jwks-cache" not in name:
            rotated = {**kw, "secret": rotated_secrets(f)}
            after = ac.read_cookie_cache_with_reason(header, now=now, **rotated)
            if f["strategy"] == "jwe":
                assert after.value == cache, name
            else:
                assert after.value is None and after.reason.code == "ERR_COOKIE_CACHE_INVALID", name
            assert ac.read_cookie_cache(header, now=now, accept_previous_secrets=True, **rotated) == cache, name
        checked += 1
    assert checked == 15


def test_cookie_cache_version(cookie_vectors):
    """``cookieCache.version``: a str or ``(session, user) -> str``; a cache of another version is
    no cache (``"1"`` when the cache has none), as Better Auth's ``matchesVersion``."""
    for f in cookie_vectors["flows"]:
        header, now = f["cookieHeader"], updated_at(f)
        kw = dict(secret=secret_of(f), cookie_prefix=f["cookiePrefix"], jwks=f.get("jwks"), now=now)
        cache = ac.read_cookie_cache(header, **kw)
        assert cache is not None and cache.version == "1"
        assert ac.read_cookie_cache(header, version="1", **kw) == cache
        out = ac.read_cookie_cache_with_reason(header, version="2", **kw)
        assert out.value is None and out.reason.code == "ERR_COOKIE_CACHE_INVALID", f["name"]
        seen = []

        def version_of(session, user):
            seen.append((session["token"], user["id"]))
            return "1"

        assert ac.read_cookie_cache(header, version=version_of, **kw) == cache
        assert seen == [(f["sessionToken"], cache.user["id"])]
        out = ac.read_cookie_cache_with_reason(header, version=lambda s, u: "v2", **kw)
        assert out.value is None and out.reason.code == "ERR_COOKIE_CACHE_INVALID"
        with pytest.raises(ac.AuthError) as e:
            ac.read_cookie_cache(header, version=lambda s, u: 2, **kw)
        assert e.value.code == "ERR_INVALID_ARGUMENT"
    # A signed cache of version "3" reads only where version "3" is expected.
    session = {"id": "s1", "token": "AbCdEfGhIjKlMnOpQrStUvWxYz012345", "userId": "u1", "expiresAt": "2099-01-15T08:00:00.000Z"}
    signed = ac.sign_cookie_cache(session, {"id": "u1"}, secret="s" * 32, version="3", now=1_800_000_000_000)
    header = "; ".join(f"{k}={v}" for k, v in signed.cookies)
    assert ac.read_cookie_cache(header, secret="s" * 32, now=1_800_000_000_000, version="3").version == "3"
    assert ac.read_cookie_cache(header, secret="s" * 32, now=1_800_000_000_000, version="1") is None


def test_configuration_errors_still_raise():
    """Only the caller's configuration raises; a request's cookies never do."""
    for read in (ac.read_session_token, ac.read_cookie_cache, ac.read_session_token_with_reason, ac.read_cookie_cache_with_reason):
        for secret, code in ((None, "ERR_CONFIG_SECRET_MISSING"), ("", "ERR_CONFIG_SECRET_MISSING"), ([], "ERR_INVALID_ARGUMENT")):
            with pytest.raises(ac.AuthError) as e:
                read("better-auth.session_token=abc.def", secret=secret)
            assert e.value.code == code, (read, secret)
        with pytest.raises(ac.AuthError) as e:
            read(None, secret=None)  # no cookies at all: still a configuration error
        assert e.value.code == "ERR_CONFIG_SECRET_MISSING"
        with pytest.raises(ac.AuthError) as e:
            read("x=1", secret="s" * 32, secure="yes")
        assert e.value.code == "ERR_INVALID_ARGUMENT"
        with pytest.raises(ac.AuthError) as e:
            read("x=1", secret="s" * 32, accept_previous_secrets=1)
        assert e.value.code == "ERR_INVALID_ARGUMENT"
    for garbage in ("better-auth.session_token=no-dot", "better-auth.session_token=a.%ZZ", "better-auth.session_data=garbage"):
        assert ac.read_session_token(garbage, secret="s" * 32) is None
        assert ac.read_cookie_cache(garbage, secret="s" * 32) is None


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
        assert ac.read_session_token(u["cookie"], secret="x" * 40, cookie_prefix=inst["cookiePrefix"]) is None
        out = ac.read_session_token_with_reason(u["cookie"], secret="x" * 40, cookie_prefix=inst["cookiePrefix"])
        assert out.reason is not None and out.reason.code == "ERR_COOKIE_SIGNATURE_INVALID"
        # Rotated away (a new current secret): refused unless a grace period is asked for.
        rotated = ["y" * 40, inst["secret"]]
        assert ac.read_session_token(u["cookie"], secret=rotated, cookie_prefix=inst["cookiePrefix"]) is None
        assert ac.read_session_token(
            u["cookie"], secret=rotated, cookie_prefix=inst["cookiePrefix"], accept_previous_secrets=True
        ) == token
