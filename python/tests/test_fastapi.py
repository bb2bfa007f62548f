"""The FastAPI dependencies through a real app and Starlette's TestClient: the example app
(examples/fastapi/app.py) end to end against live better-auth 1.6.34 / 1.7.25 servers (their
cookies, their /api/auth/token JWTs, their /api/auth/jwks), and the 401 answers."""

from __future__ import annotations

import importlib.util
import time

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

import authcore_rs as ac
from authcore_rs.fastapi import BetterAuth, JwtAuth, Session, require_jwt, require_session
from conftest import REPO, sign_up


def load_example():
    spec = importlib.util.spec_from_file_location("authcore_example_app", REPO / "examples" / "fastapi" / "app.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def check_401(res, code: str, scheme: str):
    assert res.status_code == 401, res.text
    assert res.json()["detail"]["code"] == code
    www = res.headers["www-authenticate"]
    assert www.startswith(f'{scheme} realm="better-auth"')
    if code in ("NO_SESSION", "NO_TOKEN"):
        assert "error=" not in www
    else:
        assert f'error_description="{code}"' in www


def test_example_app_end_to_end(better_auth):
    example = load_example()
    for inst in better_auth.instances:
        u = sign_up(inst, name="Grace Hopper")
        app = example.create_app(
            base_url=inst["baseURL"],
            secret=inst["secret"],
            cookie_prefix=inst["cookiePrefix"],
            cookie_cache_jwks=inst["cookieCacheJwks"],
        )
        user_id = u["getSession"]["user"]["id"]
        with TestClient(app) as client:
            me = client.get("/api/me", headers={"cookie": u["cookie"]})
            assert me.status_code == 200, (inst["name"], me.text)
            assert me.json() == {
                "via": "cookie",
                "user_id": user_id,
                "email": u["email"],
                "name": "Grace Hopper",
                "session_id": u["getSession"]["session"]["id"],
            }
            items = client.get("/api/items", headers={"authorization": f"Bearer {u['jwt']}"})
            assert items.status_code == 200, (inst["name"], items.text)
            assert items.json()["user_id"] == user_id and items.json()["email"] == u["email"]
            # The hash Better Auth stored for this user, checked on a worker thread.
            import httpx

            row = httpx.get(f"{inst['baseURL']}/__test/credential", params={"email": u["email"]}).json()
            ok = client.post("/api/check-password", headers={"cookie": u["cookie"]}, json={"hash": row["password"], "password": u["password"]})
            assert ok.json() == {"ok": True}
            # Refusals.
            check_401(client.get("/api/me"), "NO_SESSION", "Cookie")
            check_401(client.get("/api/items"), "NO_TOKEN", "Bearer")
            forged = u["cookie"].replace(".session_token=", ".session_token=X", 1)
            check_401(client.get("/api/me", headers={"cookie": forged}), "ERR_COOKIE_SIGNATURE_INVALID", "Cookie")
            h, p, s = u["jwt"].split(".")
            tampered = f"{h}.{p}.{s[:-4]}{'AAAA' if not s.endswith('AAAA') else 'BBBB'}"
            check_401(
                client.get("/api/items", headers={"authorization": f"Bearer {tampered}"}),
                "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
                "Bearer",
            )
            check_401(client.get("/api/items", headers={"authorization": "Bearer not.a.jwt"}), "ERR_JWS_INVALID", "Bearer")
            # The same session token signed by another deployment's secret: forged here.
            token = u["getSession"]["session"]["token"]
            elsewhere = f"{inst['cookiePrefix']}.session_token={ac.sign_session_token(token, secret='another-deployment-secret-0123456789')}"
            check_401(client.get("/api/me", headers={"cookie": elsewhere}), "ERR_COOKIE_SIGNATURE_INVALID", "Cookie")


def local_app(**settings) -> tuple[FastAPI, BetterAuth]:
    auth = BetterAuth(**settings)
    app = FastAPI()

    @app.get("/s")
    async def s(session: Session = Depends(auth.require_session())):
        return {"user": session.user.id, "token": session.session.token, "cached": session.cache is not None}

    @app.get("/j")
    async def j(a: JwtAuth = Depends(auth.require_jwt())):
        return {"sub": a.claims["sub"], "user": a.user.id}

    return app, auth


def test_jwt_claims_and_expiry():
    pair = ac.generate_key_pair("EdDSA")
    base = "https://app.example.com"
    app, _ = local_app(jwks={"keys": [pair.public_jwk]}, base_url=base)
    now = int(time.time() * 1000)
    good = ac.sign_jwt({"id": "u1", "email": "a@example.com"}, private_jwk=pair.private_jwk, issuer=base, audience=base, subject="u1", expires_in=60, now=now)
    expired = ac.sign_jwt({}, private_jwk=pair.private_jwk, issuer=base, audience=base, subject="u1", expires_in=60, now=now - 3_600_000)
    wrong_aud = ac.sign_jwt({}, private_jwk=pair.private_jwk, issuer=base, audience="convex", subject="u1", expires_in=60, now=now)
    no_sub = ac.sign_jwt({}, private_jwk=pair.private_jwk, issuer=base, audience=base, expires_in=60, now=now)
    with TestClient(app) as c:
        assert c.get("/j", headers={"authorization": f"Bearer {good}"}).json() == {"sub": "u1", "user": "u1"}
        assert c.get("/j", headers={"authorization": f"bearer   {good}"}).status_code == 200
        check_401(c.get("/j", headers={"authorization": f"Bearer {expired}"}), "ERR_JWT_EXPIRED", "Bearer")
        check_401(c.get("/j", headers={"authorization": f"Bearer {wrong_aud}"}), "ERR_JWT_CLAIM_VALIDATION_FAILED", "Bearer")
        check_401(c.get("/j", headers={"authorization": f"Bearer {no_sub}"}), "ERR_JWT_CLAIM_VALIDATION_FAILED", "Bearer")
        check_401(c.get("/j", headers={"authorization": f"Basic {good}"}), "NO_TOKEN", "Bearer")


def test_jwks_down_is_503():
    app, _ = local_app(base_url="http://127.0.0.1:9")
    pair = ac.generate_key_pair("EdDSA")
    t = ac.sign_jwt({}, private_jwk=pair.private_jwk, issuer="http://127.0.0.1:9", audience="http://127.0.0.1:9", subject="u", expires_in=60)
    with TestClient(app) as c:
        r = c.get("/j", headers={"authorization": f"Bearer {t}"})
    assert r.status_code == 503 and r.json()["detail"]["code"] == "ERR_JWKS_FETCH_FAILED"


def test_session_with_lookup_when_no_cache(cookie_vectors):
    s = cookie_vectors["signed"][0]
    rows = {s["token"]: ({"id": "u9", "email": "z@example.com"}, {"id": "s9", "userId": "u9", "expiresAt": "2099-01-01T00:00:00.000Z"})}
    calls = []

    async def lookup(token):
        calls.append(token)
        return rows.get(token)

    app, _ = local_app(secret=s["secret"], lookup=lookup)
    header = f"better-auth.session_token={s['cookieValue']}"
    with TestClient(app) as c:
        r = c.get("/s", headers={"cookie": header})
        assert r.json() == {"user": "u9", "token": s["token"], "cached": False}
        assert calls == [s["token"]]
        rows.clear()
        check_401(c.get("/s", headers={"cookie": header}), "NO_SESSION", "Cookie")
    app2, _ = local_app(secret=s["secret"])  # no cache, no lookup: no session
    with TestClient(app2) as c:
        check_401(c.get("/s", headers={"cookie": header}), "NO_SESSION", "Cookie")


def test_module_level_dependencies(cookie_vectors):
    f = cookie_vectors["flows"][0]
    app = FastAPI()

    @app.get("/s")
    async def s(session: Session = Depends(require_session(secret=f["secret"]))):
        return {"user": session.user.id}

    pair = ac.generate_key_pair("ES256")

    @app.get("/j")
    async def j(a: JwtAuth = Depends(require_jwt(jwks=pair.public_jwk))):
        return {"user": a.user.id}

    t = ac.sign_jwt({}, private_jwk=pair.private_jwk, subject="u5", expires_in=60)
    with TestClient(app) as c:
        assert c.get("/j", headers={"authorization": f"Bearer {t}"}).json() == {"user": "u5"}
        # The vector's cookie cache expired days ago: the signed cookie alone is not a session.
        check_401(c.get("/s", headers={"cookie": f["cookieHeader"]}), "NO_SESSION", "Cookie")


def signed_session(secret, *, version: str | None = None, secure: bool = False, token: str = "RotRotRotRotRotRotRotRotRotRot12") -> str:
    """A Cookie header as Better Auth sets it: the signed session token and a compact cache."""
    session = {"id": "s7", "token": token, "userId": "u7", "expiresAt": "2099-01-01T00:00:00.000Z"}
    user = {"id": "u7", "email": "r@example.com", "name": "Rot"}
    prefix = "__Secure-better-auth" if secure else "better-auth"
    cache = ac.sign_cookie_cache(session, user, secret=secret, version=version, secure=secure)
    return "; ".join([f"{prefix}.session_token={ac.sign_session_token(token, secret=secret)}", *(f"{k}={v}" for k, v in cache.cookies)])


def test_session_after_a_secret_rotation():
    old, new = "the-old-secret-0123456789abcdefghij", "the-new-secret-0123456789abcdefghij"
    header = signed_session(old)
    app, _ = local_app(secret=[new, old])
    with TestClient(app) as c:
        # Better Auth 1.7's rule: signatures under the current secret only.
        check_401(c.get("/s", headers={"cookie": header}), "ERR_COOKIE_SIGNATURE_INVALID", "Cookie")
        assert c.get("/s", headers={"cookie": signed_session(new)}).json() == {"user": "u7", "token": "RotRotRotRotRotRotRotRotRotRot12", "cached": True}
    app, auth = local_app(secret=[new, old], accept_previous_secrets=True)  # a grace period
    with TestClient(app) as c:
        assert c.get("/s", headers={"cookie": header}).json()["cached"] is True
    assert auth.accept_previous_secrets is True


def test_session_secure_cookie_names():
    secret = "secure-names-secret-0123456789abcdef"
    header = signed_session(secret, secure=True)
    app, _ = local_app(secret=secret)
    # Over http Better Auth reads the plain names: a __Secure- cookie is no session there.
    with TestClient(app) as c:
        check_401(c.get("/s", headers={"cookie": header}), "NO_SESSION", "Cookie")
    with TestClient(app, base_url="https://testserver") as c:
        assert c.get("/s", headers={"cookie": header}).json()["cached"] is True
        check_401(c.get("/s", headers={"cookie": signed_session(secret)}), "NO_SESSION", "Cookie")
    # An explicit secure= (useSecureCookies, a proxy terminating TLS) wins over the scheme.
    app, _ = local_app(secret=secret, secure=True)
    with TestClient(app) as c:
        assert c.get("/s", headers={"cookie": header}).json()["cached"] is True
        r = c.get("/s")
        check_401(r, "NO_SESSION", "Cookie")
        assert 'cookie="__Secure-better-auth.session_token"' in r.headers["www-authenticate"]


def test_session_cookie_cache_version():
    secret = "cache-version-secret-0123456789abcdef"
    header = signed_session(secret, version="1")
    app, _ = local_app(secret=secret, cookie_cache_version="2")
    with TestClient(app) as c:
        # Another version is no cache; without a lookup that is no session, and the 401 says why.
        check_401(c.get("/s", headers={"cookie": header}), "ERR_COOKIE_CACHE_INVALID", "Cookie")
        assert c.get("/s", headers={"cookie": signed_session(secret, version="2")}).json()["cached"] is True

    async def lookup(token):
        return ({"id": "u8"}, {"id": "s8", "userId": "u8"})

    app, _ = local_app(secret=secret, cookie_cache_version=lambda session, user: "2", lookup=lookup)
    with TestClient(app) as c:
        assert c.get("/s", headers={"cookie": header}).json() == {"user": "u8", "token": "RotRotRotRotRotRotRotRotRotRot12", "cached": False}
