"""JWTs and JWSs: RFC vectors (tests/vectors/jose-rfc.json), tokens minted by better-auth 1.6.34
and @convex-dev/better-auth (tests/vectors/better-auth), and live better-auth 1.6.34 / 1.7.25
JWT-plugin tokens over HTTP; PyJWT as an independent witness for tokens authcore signs."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone

import jwt as pyjwt
import pytest

import authcore_rs as ac
from conftest import load_vector, sign_up


def b64(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def public(jwk: dict) -> dict:
    return {k: v for k, v in jwk.items() if k not in ("d", "p", "q", "dp", "dq", "qi")}


def test_rfc_jws_vectors():
    vs = load_vector("jose-rfc.json")["jws"]
    assert len(vs) >= 9
    for v in vs:
        jwk = v["jwk"] if v["alg"].startswith("HS") else public(v["jwk"])
        out = ac.verify_jws(v["token"], jwks=jwk, algorithms=[v["alg"]])
        assert out.protected_header["alg"] == v["alg"], v["name"]
        assert out.payload == b64(v["token"].split(".")[1])
        # One flipped signature bit: refused with jose's code.
        h, p, s = v["token"].split(".")
        sig = bytearray(b64(s))
        sig[len(sig) // 2] ^= 1
        bad = f"{h}.{p}.{base64.urlsafe_b64encode(bytes(sig)).rstrip(b'=').decode()}"
        with pytest.raises(ac.AuthError) as e:
            ac.verify_jws(bad, jwks=jwk, algorithms=[v["alg"]])
        assert e.value.code == "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", v["name"]


def test_rfc_thumbprints():
    for t in load_vector("jose-rfc.json")["thumbprints"]:
        expect = t.get("thumbprint") or t.get("expected") or t.get("sha256")
        assert ac.jwk_thumbprint(t["jwk"]) == expect, t["name"]


def test_better_auth_jwt_plugin_vectors(ba_vectors):
    n = 0
    for name, flow in ba_vectors["flows"].items():
        p = flow.get("jwtPlugin")
        if not p:
            continue
        iat_ms = p["payload"]["iat"] * 1000
        iss, aud = p["payload"]["iss"], p["payload"]["aud"]
        v = ac.verify_jwt(p["token"], jwks=p["jwks"], now=iat_ms, **ac.better_auth_jwt_preset(iss, aud))
        assert v.payload == p["payload"], name
        assert v.protected_header == p["protectedHeader"] == v.header
        # datetime for now, as JavaScript's Date
        ac.verify_jwt(p["token"], jwks=p["jwks"], now=datetime.fromtimestamp(iat_ms / 1000, timezone.utc), issuer=iss, audience=aud)
        with pytest.raises(ac.AuthError) as e:
            ac.verify_jwt(p["token"], jwks=p["jwks"], now=iat_ms + 3_600_000, issuer=iss)
        assert (e.value.code, e.value.claim, e.value.reason) == ("ERR_JWT_EXPIRED", "exp", "check_failed")
        with pytest.raises(ac.AuthError) as e:
            ac.verify_jwt(p["token"], jwks=p["jwks"], now=iat_ms, audience="https://elsewhere.example")
        assert (e.value.code, e.value.claim) == ("ERR_JWT_CLAIM_VALIDATION_FAILED", "aud")
        with pytest.raises(ac.AuthError) as e:
            ac.verify_jwt(p["token"], jwks=p["jwks"], now=iat_ms, algorithms=["ES256"])
        assert e.value.code == "ERR_JOSE_ALG_NOT_ALLOWED"
        n += 1
    assert n >= 3


def test_convex_token_with_the_convex_preset(ba_vectors):
    c = ba_vectors["convex"]
    t = c["convexJwt"]
    now = t["payload"]["iat"] * 1000
    site = c["CONVEX_SITE_URL"]
    v = ac.verify_jwt(t["token"], jwks=t["jwks"], now=now, **ac.convex_preset(site))
    assert v.payload["aud"] == "convex" and v.payload["sub"] == t["payload"]["sub"]
    with pytest.raises(ac.AuthError) as e:
        ac.verify_jwt(t["token"], jwks=t["jwks"], now=now, **ac.convex_preset(site + "/"))
    assert (e.value.code, e.value.claim) == ("ERR_JWT_CLAIM_VALIDATION_FAILED", "iss")


def test_email_verification_token(ba_vectors):
    ev = ba_vectors["flows"]["compact_http"]["emailVerification"]
    now = ev["payload"]["iat"] * 1000
    v = ac.verify_jwt(ev["token"], secret=ba_vectors["secret"], now=now, **ac.email_verification_preset())
    assert v.payload["email"] == ev["payload"]["email"]
    with pytest.raises(ac.AuthError) as e:
        ac.verify_jwt(ev["token"], secret="not-the-secret", now=now, **ac.email_verification_preset())
    assert e.value.code == "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"


def test_refusals():
    pair = ac.generate_key_pair("EdDSA")
    tok = ac.sign_jwt({"sub": "u1"}, private_jwk=pair.private_jwk, expires_in="15m")
    h, p, _ = tok.split(".")
    none = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    with pytest.raises(ac.AuthError) as e:
        ac.verify_jwt(f"{none}.{p}.", jwks=pair.public_jwk)
    assert e.value.code in ("ERR_JOSE_ALG_NOT_ALLOWED", "ERR_JOSE_NOT_SUPPORTED", "ERR_JWS_INVALID")
    # HMAC with the public key's bytes (alg confusion): refused.
    import hashlib
    import hmac

    hh = base64.urlsafe_b64encode(b'{"alg":"HS256"}').rstrip(b"=").decode()
    mac = hmac.new(json.dumps(pair.public_jwk).encode(), f"{hh}.{p}".encode(), hashlib.sha256).digest()
    hs = f"{hh}.{p}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    with pytest.raises(ac.AuthError):
        ac.verify_jwt(hs, jwks=pair.public_jwk)
    with pytest.raises(ac.AuthError) as e:
        ac.verify_jwt(tok, jwks={"keys": []})
    assert e.value.code == "ERR_JWKS_NO_MATCHING_KEY"
    assert ac.verify_jwt(tok, jwks=ac.LocalJwks({"keys": [pair.public_jwk]})).payload["sub"] == "u1"


def test_pyjwt_witness_both_ways():
    """Tokens authcore signs verify with PyJWT, and PyJWT's verify with authcore."""
    from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

    loaders = {"RS256": RSAAlgorithm, "ES256": ECAlgorithm, "EdDSA": OKPAlgorithm, "PS256": RSAAlgorithm}
    for alg, loader in loaders.items():
        pair = ac.generate_key_pair(alg)
        ours = ac.sign_jwt({"sub": "u1", "n": 1}, private_jwk=pair.private_jwk, issuer="https://a.example", expires_in=60)
        pub = loader.from_jwk(json.dumps(pair.public_jwk))
        assert pyjwt.decode(ours, pub, algorithms=[alg], issuer="https://a.example")["sub"] == "u1"
        priv = loader.from_jwk(json.dumps(pair.private_jwk))
        theirs = pyjwt.encode({"sub": "u2", "exp": 4_000_000_000}, priv, algorithm=alg)
        assert ac.verify_jwt(theirs, jwks=pair.public_jwk).payload["sub"] == "u2"


def test_inspect_token(ba_vectors):
    p = ba_vectors["flows"]["compact_http"]["jwtPlugin"]
    info = ac.inspect_token(p["token"])
    assert info["claims"]["sub"] == p["payload"]["sub"]
    assert ac.decode_protected_header(p["token"]) == p["protectedHeader"]


def test_live_better_auth_jwts(better_auth):
    """JWTs from /api/auth/token of live better-auth 1.6.34 and 1.7.25 (EdDSA, RS256, ES256),
    verified against each server's /api/auth/jwks fetched by RemoteJwks."""
    algs = set()
    for inst in better_auth.instances:
        u = sign_up(inst)
        base = inst["baseURL"]
        remote = ac.RemoteJwks(f"{base}/api/auth/jwks")
        v = ac.verify_jwt(u["jwt"], jwks=remote, **ac.better_auth_jwt_preset(base))
        assert v.payload["sub"] == u["getSession"]["user"]["id"], inst["name"]
        assert v.payload["email"] == u["email"]
        assert v.protected_header["alg"] == inst["alg"]
        assert remote.fetch_count == 1
        algs.add(inst["alg"])
        with pytest.raises(ac.AuthError) as e:
            ac.verify_jwt(u["jwt"], jwks=u["jwks"], **ac.better_auth_jwt_preset("http://other.example"))
        assert e.value.code == "ERR_JWT_CLAIM_VALIDATION_FAILED"
    assert algs == {"EdDSA", "RS256", "ES256"}
