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
