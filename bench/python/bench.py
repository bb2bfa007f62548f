"""authcore-rs against the Python peers, in one process, interleaved round by round.

    bash bench/python/run.sh            # builds the release wheel, then runs this
    ROUNDS=15 python bench/python/bench.py

* JWT verify, EdDSA and RS256: ``authcore_rs.verify_jwt`` with a ``LocalJwks`` vs PyJWT[crypto]
  ``jwt.decode`` with the key loaded once (both check the signature and ``exp``).
* Signed session cookie: ``read_session_token`` vs the hand-written check (split the header,
  URL-decode, HMAC-SHA256 with ``hmac`` + ``hashlib``, ``hmac.compare_digest``).
* Better Auth password hash: ``hash_password`` (NFKC + scrypt N=16384 r=16 p=1, 64 bytes, hex)
  vs ``hashlib.scrypt`` (OpenSSL) doing the same.

Prints the median time per operation of each peer and the ratio (peer time / authcore time:
above 1 means authcore is faster). Never part of the tests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import platform
import secrets
import statistics
import sys
import time
import unicodedata
from urllib.parse import unquote

import jwt as pyjwt
from jwt.algorithms import OKPAlgorithm, RSAAlgorithm

import authcore_rs as ac

ROUNDS = int(os.environ.get("ROUNDS", "9"))


def per_op(fn, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def duel(name: str, ours, peers: dict[str, object], n: int) -> list[tuple[str, float, dict[str, float]]]:
    ours()  # warm up, and prove each side accepts the input
    for p in peers.values():
        p()
    t_ours: list[float] = []
    t_peers: dict[str, list[float]] = {k: [] for k in peers}
    for _ in range(ROUNDS):
        t_ours.append(per_op(ours, n))
        for k, p in peers.items():
            t_peers[k].append(per_op(p, n))
    return [(name, statistics.median(t_ours), {k: statistics.median(v) for k, v in t_peers.items()})]


def fmt(t: float) -> str:
    if t >= 1e-3:
        return f"{t * 1e3:.1f} ms"
    return f"{t * 1e6:.1f} µs"


def jwt_case(alg: str, loader) -> tuple:
    pair = ac.generate_key_pair(alg)
    now = int(time.time())
    claims = {"sub": "user_1", "email": "a@example.com", "name": "Ada", "iat": now, "exp": now + 3600}
    token = ac.sign_jwt(claims, private_jwk=pair.private_jwk, iat=False)
    keys = ac.LocalJwks({"keys": [pair.public_jwk]})
    pub = loader.from_jwk(json.dumps(pair.public_jwk))

    def ours():
        return ac.verify_jwt(token, jwks=keys)

    def theirs():
        return pyjwt.decode(token, pub, algorithms=[alg])

    assert ours().payload == theirs()
    return ours, theirs


def cookie_case() -> tuple:
    secret = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
    token = secrets.token_urlsafe(24)
    header = f"theme=dark; better-auth.session_token={ac.sign_session_token(token, secret=secret)}; other=1"
    key = secret.encode()

    def ours():
        return ac.read_session_token(header, secret=secret)

    def theirs():
        for part in header.split(";"):
            name, _, value = part.strip().partition("=")
            if name == "better-auth.session_token":
                value = unquote(value)
                tok, _, sig = value.rpartition(".")
                mac = base64.b64encode(hmac.new(key, tok.encode(), hashlib.sha256).digest()).decode()
                if not hmac.compare_digest(mac, sig):
                    raise ValueError("forged")
                return tok
        return None

    assert ours() == theirs() == token
    return ours, theirs


def scrypt_case() -> tuple:
    password = "correct horse battery staple"

    def ours():
        return ac.hash_password(password)

    def theirs():
        salt = secrets.token_hex(16)
        key = hashlib.scrypt(
            unicodedata.normalize("NFKC", password).encode(), salt=salt.encode(), n=16384, r=16, p=1, maxmem=64 << 20, dklen=64
        )
        return f"{salt}:{key.hex()}"

    h = theirs()
    assert ac.verify_password(h, password)  # hashlib's output is Better Auth's format
    return ours, theirs


def main() -> None:
    e_ours, e_theirs = jwt_case("EdDSA", OKPAlgorithm)
    r_ours, r_theirs = jwt_case("RS256", RSAAlgorithm)
    c_ours, c_theirs = cookie_case()
    s_ours, s_theirs = scrypt_case()
    rows: list = []
    rows += duel("JWT verify EdDSA", e_ours, {"PyJWT[crypto] 2.x (cryptography)": e_theirs}, 2000)
    rows += duel("JWT verify RS256 (2048)", r_ours, {"PyJWT[crypto] 2.x (cryptography)": r_theirs}, 2000)
    rows += duel("signed session cookie", c_ours, {"hmac + hashlib by hand": c_theirs}, 20000)
    rows += duel("Better Auth hash (scrypt N=16384 r=16)", s_ours, {"hashlib.scrypt (OpenSSL)": s_theirs}, 3)
    import cryptography

    print(
        f"Python {platform.python_version()}, authcore-rs {ac.__version__}, PyJWT {pyjwt.__version__}, "
        f"cryptography {cryptography.__version__}, {os.cpu_count()} CPUs, {ROUNDS} rounds (medians)"
    )
    print(f"{'what':40} {'authcore-rs':>12}  {'peer':36} {'peer time':>10}  {'peer/authcore':>13}")
    for name, ours, peers in rows:
        for peer, t in peers.items():
            print(f"{name:40} {fmt(ours):>12}  {peer:36} {fmt(t):>10}  {t / ours:>12.2f}×")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
