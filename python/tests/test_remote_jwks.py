"""RemoteJwks against a real HTTP server on loopback: caching, rotation, the unknown-kid
cooldown (the core's jwks_refresh_decision), cache max-age, timeouts, HTTP errors, redirects,
oversized answers, httpx and urllib fetches, concurrent first use."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest

import authcore_rs as ac


def key(kid: str, alg: str = "EdDSA"):
    pair = ac.generate_key_pair(alg)
    return {**pair.public_jwk, "kid": kid}, {**pair.private_jwk, "kid": kid}


def token(priv: dict, **claims) -> str:
    return ac.sign_jwt({"sub": "u1", **claims}, private_jwk=priv, kid=priv["kid"], expires_in=600)


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000_000

    def __call__(self) -> int:
        return self.t


def test_caches_and_rotates(jwks_server):
    pub_a, priv_a = key("a")
    pub_b, priv_b = key("b", "RS256")
    jwks_server.serve({"keys": [pub_a]})
    clock = Clock()
    remote = ac.RemoteJwks(jwks_server.url, clock=clock)
    for _ in range(50):
        assert ac.verify_jwt(token(priv_a), jwks=remote).payload["sub"] == "u1"
    assert jwks_server.hits == 1 and remote.fetch_count == 1
    # Rotation: the server now also has b; a token signed with b makes one refetch.
    jwks_server.serve({"keys": [pub_b, pub_a]})
    clock.t += 1  # well inside the cooldown, but nothing has refetched for an unknown kid yet…
    clock.t += ac.DEFAULT_JWKS_COOLDOWN_MS
    assert ac.verify_jwt(token(priv_b), jwks=remote).payload["sub"] == "u1"
    assert jwks_server.hits == 2
    assert ac.verify_jwt(token(priv_a), jwks=remote) is not None
    assert jwks_server.hits == 2


def test_unknown_kid_cooldown(jwks_server):
    pub_a, priv_a = key("a")
    _, priv_x = key("forged")
    jwks_server.serve({"keys": [pub_a]})
    clock = Clock()
    remote = ac.RemoteJwks(jwks_server.url, clock=clock, cooldown=30_000)
    ac.verify_jwt(token(priv_a), jwks=remote)
    clock.t += 30_000  # cooldown elapsed since the fetch: one refetch for the first unknown kid
    for _ in range(1000):  # a flood of forged kids
        with pytest.raises(ac.AuthError) as e:
            ac.verify_jwt(token(priv_x), jwks=remote)
        assert e.value.code == "ERR_JWKS_NO_MATCHING_KEY"
    assert jwks_server.hits == 2  # one refetch, then the cooldown holds
    clock.t += 29_999
    with pytest.raises(ac.AuthError):
        ac.verify_jwt(token(priv_x), jwks=remote)
    assert jwks_server.hits == 2
    clock.t += 1
    with pytest.raises(ac.AuthError):
        ac.verify_jwt(token(priv_x), jwks=remote)
    assert jwks_server.hits == 3
    # The known key still verifies throughout.
    assert ac.verify_jwt(token(priv_a), jwks=remote).payload["sub"] == "u1"


def test_cache_max_age(jwks_server):
    pub_a, priv_a = key("a")
    jwks_server.serve({"keys": [pub_a]})
    clock = Clock()
    remote = ac.RemoteJwks(jwks_server.url, clock=clock, cache_max_age=60_000)
    ac.verify_jwt(token(priv_a), jwks=remote)
    assert remote.fresh
    clock.t += 59_999
    ac.verify_jwt(token(priv_a), jwks=remote)
    assert jwks_server.hits == 1
    clock.t += 1
    assert not remote.fresh
    ac.verify_jwt(token(priv_a), jwks=remote)
    assert jwks_server.hits == 2


def test_real_clock_cooldown(jwks_server):
    pub_a, priv_a = key("a")
    pub_b, priv_b = key("b")
    jwks_server.serve({"keys": [pub_a]})
    remote = ac.RemoteJwks(jwks_server.url, cooldown=200)
    ac.verify_jwt(token(priv_a), jwks=remote)
    jwks_server.serve({"keys": [pub_a, pub_b]})
    time.sleep(0.25)
    assert ac.verify_jwt(token(priv_b), jwks=remote).payload["sub"] == "u1"
    assert jwks_server.hits == 2


def test_timeout(jwks_server):
    pub_a, priv_a = key("a")
    jwks_server.serve({"keys": [pub_a]})
    jwks_server.delay = 2.0
    remote = ac.RemoteJwks(jwks_server.url, timeout=0.3)
    t0 = time.monotonic()
    with pytest.raises(ac.AuthError) as e:
        ac.verify_jwt(token(priv_a), jwks=remote)
    assert e.value.code == "ERR_JWKS_FETCH_FAILED"
    assert time.monotonic() - t0 < 1.9  # gave up before the server answered
    jwks_server.delay = 0
    assert ac.verify_jwt(token(priv_a), jwks=remote).payload["sub"] == "u1"  # recovers


@pytest.mark.parametrize("status", [404, 500, 302])
def test_http_errors_and_redirects(jwks_server, status):
    pub_a, priv_a = key("a")
    jwks_server.serve({"keys": [pub_a]})
    jwks_server.status = status
    if status == 302:
        jwks_server.location = jwks_server.url  # a redirect is refused, as in JS
    remote = ac.RemoteJwks(jwks_server.url)
    with pytest.raises(ac.AuthError) as e:
        ac.verify_jwt(token(priv_a), jwks=remote)
    assert e.value.code == "ERR_JWKS_FETCH_FAILED"


def test_bad_bodies(jwks_server):
    _, priv_a = key("a")
    for body, code in [
        (b"not json", "ERR_JWKS_INVALID"),
        (b'{"keys": [' + b'{"kty":"oct","k":"AAAA"},' * 30_000 + b"]}", "ERR_JWKS_INVALID"),  # > 256 KiB
        (b"\xff\xfe", "ERR_JWKS_INVALID"),
        # A key the core cannot use (RSA far under 2048 bits) is skipped, as jose skips it.
        (b'{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}', "ERR_JWKS_NO_MATCHING_KEY"),
    ]:
        jwks_server.body = body
        remote = ac.RemoteJwks(jwks_server.url)
        with pytest.raises(ac.AuthError) as e:
            ac.verify_jwt(token(priv_a), jwks=remote)
        assert e.value.code == code, body[:40]


def test_unreachable():
    remote = ac.RemoteJwks("http://127.0.0.1:9/jwks", timeout=1)
    _, priv = key("a")
    with pytest.raises(ac.AuthError) as e:
        ac.verify_jwt(token(priv), jwks=remote)
    assert e.value.code == "ERR_JWKS_FETCH_FAILED"


def test_httpx_fetch_sync_and_async(jwks_server):
    pub_a, priv_a = key("a")
    jwks_server.serve({"keys": [pub_a]})
    with httpx.Client() as client:
        remote = ac.RemoteJwks(jwks_server.url, fetch=ac.httpx_fetch(client))
        assert ac.verify_jwt(token(priv_a), jwks=remote).payload["sub"] == "u1"

    async def main():
        async with httpx.AsyncClient() as client:
            r = ac.RemoteJwks(jwks_server.url, async_fetch=ac.httpx_async_fetch(client))
            results = await asyncio.gather(*(ac.verify_jwt_async(token(priv_a), jwks=r) for _ in range(20)))
            return r, results

    r, results = asyncio.run(main())
    assert all(v.payload["sub"] == "u1" for v in results)
    assert r.fetch_count == 1  # twenty concurrent first verifications, one fetch


def test_async_without_async_fetch_uses_a_thread(jwks_server):
    pub_a, priv_a = key("a")
    jwks_server.serve({"keys": [pub_a]})
    remote = ac.RemoteJwks(jwks_server.url)

    async def main():
        return await asyncio.gather(*(ac.verify_jwt_async(token(priv_a), jwks=remote) for _ in range(10)))

    assert len(asyncio.run(main())) == 10
    assert jwks_server.hits == 1


def test_concurrent_threads_share_one_fetch(jwks_server):
    pub_a, priv_a = key("a")
    jwks_server.serve({"keys": [pub_a]})
    jwks_server.delay = 0.2
    remote = ac.RemoteJwks(jwks_server.url)
    tok = token(priv_a)
    errors = []

    def run():
        try:
            ac.verify_jwt(tok, jwks=remote)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert jwks_server.hits == 1


def test_options_are_checked():
    for kw in ({"cooldown": -1}, {"cache_max_age": "10"}, {"timeout": 0}, {"timeout": True}):
        with pytest.raises(ac.AuthError) as e:
            ac.RemoteJwks("http://127.0.0.1/jwks", **kw)
        assert e.value.code == "ERR_INVALID_ARGUMENT"
    with pytest.raises(ac.AuthError):
        ac.RemoteJwks(123)  # type: ignore[arg-type]
