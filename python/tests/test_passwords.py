"""Passwords against Better Auth's own hashes (tests/vectors), the legacy formats' reference
libraries (tests/vectors/legacy), and a real Better Auth instance over HTTP (both directions)."""

from __future__ import annotations

import asyncio
import threading
import unicodedata

import httpx
import pytest

import authcore_rs as ac
from conftest import load_vector, sign_up


def test_better_auth_vectors_verify(ba_vectors):
    vs = ba_vectors["passwords"]["vectors"]
    assert vs
    for v in vs:
        assert ac.verify_password(v["hash"], v["password"]) is True, v["password"]
        assert ac.verify_password(v["hash"], v["password"] + "x") is False


def test_fixed_salt_vector_is_byte_identical(ba_vectors):
    v = ba_vectors["passwords"]["fixedSaltVector"]
    salt = v["hash"].split(":")[0]
    assert ac.hash_password_with_salt(v["password"], salt) == v["hash"]


def test_uppercase_key_does_not_verify_as_in_better_auth(ba_vectors):
    v = ba_vectors["passwords"]["vectors"][0]
    salt, key = v["hash"].split(":")
    assert ba_vectors["passwords"]["uppercaseHexKeyVerifies"] is False
    assert ac.verify_password(f"{salt}:{key.upper()}", v["password"]) is False


def test_hash_round_trip_and_format():
    h = ac.hash_password("hunter2-été")
    salt, key = h.split(":")
    assert len(salt) == 32 and len(key) == 128
    assert ac.verify_password(h, "hunter2-été")
    assert not ac.verify_password(h, "hunter2-ete")
    assert ac.inspect_password_hash(h) == ac.PasswordHashInfo("better-auth-scrypt", ac.inspect_password_hash(h).params, False)


def test_legacy_vectors():
    vectors = load_vector("legacy/legacy-hashes.json")["vectors"]
    seen = set()
    for v in vectors:
        legacy = {"firebase": v["firebase"]} if v.get("firebase") else True
        if isinstance(legacy, dict):
            f = v["firebase"]
            legacy = {"firebase": {"signer_key": f.get("signerKey"), "salt_separator": f.get("saltSeparator"),
                                   "rounds": f.get("rounds"), "mem_cost": f.get("memCost")}}
        assert ac.verify_password(v["hash"], v["password"], legacy=legacy) is True, v["source"]
        assert ac.verify_password(v["hash"], "!" + v["password"], legacy=legacy) is False, v["source"]  # bcrypt ignores bytes past 72
        info = ac.inspect_password_hash(v["hash"])
        assert info.algorithm == v["algorithm"], v["source"]
        assert info.needs_rehash == (v["algorithm"] != "better-auth-scrypt")
        if v["algorithm"] != "better-auth-scrypt":
            with pytest.raises(ac.AuthError) as e:
                ac.verify_password(v["hash"], v["password"])
            assert e.value.code == "ERR_HASH_UNSUPPORTED"
        seen.add(v["algorithm"])
    assert {"bcrypt", "argon2id", "argon2i", "scrypt", "pbkdf2-sha256", "pbkdf2-sha1", "firebase-scrypt"} <= seen


def test_error_codes():
    # No length policy by default (like Better Auth's own hash/verify): only the 64 KiB ceiling.
    assert ac.MAX_PASSWORD_BYTES == 64 * 1024
    long_hash = ac.hash_password("x" * 129)
    assert ac.verify_password(long_hash, "x" * 129)
    assert ac.verify_password(long_hash, "y" * 129) is False
    # The policy is opt-in, and then applies to hash and verify alike.
    with pytest.raises(ac.AuthError) as e:
        ac.hash_password("x" * 129, max_password_length=ac.DEFAULT_MAX_PASSWORD_LENGTH)
    assert e.value.code == "ERR_PASSWORD_TOO_LONG"
    with pytest.raises(ac.AuthError) as e:
        ac.verify_password(long_hash, "x" * 129, max_password_length=128)
    assert e.value.code == "ERR_PASSWORD_TOO_LONG"
    assert ac.hash_password("x" * 129, max_password_length=256)
    with pytest.raises(ac.AuthError) as e:
        ac.verify_password("not-a-hash", "x")
    assert e.value.code == "ERR_HASH_MALFORMED"
    with pytest.raises(ac.AuthError) as e:
        ac.verify_password("$2b$31$" + "a" * 53, "x", legacy=True)
    assert e.value.code == "ERR_HASH_COST_TOO_HIGH"
    with pytest.raises(ac.AuthError) as e:
        ac.hash_password("x", max_password_length=10**6)
    assert e.value.code == "ERR_INVALID_ARGUMENT"
    # UTF-16 code units, like JavaScript's String.length: 64 astral characters = 128 units.
    ac.hash_password("\U0001f600" * 64, max_password_length=128)
    with pytest.raises(ac.AuthError):
        ac.hash_password("\U0001f600" * 65, max_password_length=128)
    with pytest.raises(ac.AuthError) as e:
        ac.hash_password("x", max_password_length=0)
    assert e.value.code == "ERR_INVALID_ARGUMENT"


def test_dos_ceiling_in_bytes():
    """64 KiB of UTF-8, checked before any work; a mismatch below it is False, never an error."""
    stored = ac.hash_password_with_salt("pw", "00112233445566778899aabbccddeeff")
    at = "x" * ac.MAX_PASSWORD_BYTES
    assert ac.verify_password(stored, at) is False
    for over in ("x" * (ac.MAX_PASSWORD_BYTES + 1), "\u00e9" * (ac.MAX_PASSWORD_BYTES // 2 + 1)):
        with pytest.raises(ac.AuthError) as e:
            ac.verify_password(stored, over)
        assert e.value.code == "ERR_PASSWORD_TOO_LONG"
        assert "bytes" in e.value.message
        with pytest.raises(ac.AuthError) as e:
            ac.hash_password(over)
        assert e.value.code == "ERR_PASSWORD_TOO_LONG"
    assert ac.hash_password("\u00e9" * (ac.MAX_PASSWORD_BYTES // 2)).count(":") == 1


def test_async_forms_do_not_block_the_event_loop():
    async def main():
        ticks = 0
        done = asyncio.Event()

        async def ticker():
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await asyncio.sleep(0.001)

        t = asyncio.create_task(ticker())
        h = await ac.hash_password_async("pw")
        ok = await ac.verify_password_async(h, "pw")
        done.set()
        await t
        return ok, ticks

    ok, ticks = asyncio.run(main())
    assert ok is True
    assert ticks >= 5  # the loop kept running while two scrypt computations ran on threads


def test_scrypt_releases_the_gil():
    h = ac.hash_password("pw")
    started = threading.Event()

    def work():
        started.set()
        for _ in range(3):
            ac.verify_password(h, "pw")

    t = threading.Thread(target=work)
    t.start()
    started.wait()
    spins = 0
    while t.is_alive():
        spins += 1
    t.join()
    # Holding the GIL for three scrypt runs would leave this loop a handful of iterations.
    assert spins > 10_000


def test_real_better_auth_both_ways(better_auth):
    for inst in better_auth.instances[:1] + [i for i in better_auth.instances if i["alias"] == "better-auth-1.7"][:1]:
        u = sign_up(inst, password="pässwörd ＡＢＣ ½")
        base = inst["baseURL"]
        with httpx.Client(base_url=base, headers={"origin": base}, timeout=30) as c:
            row = c.get("/__test/credential", params={"email": u["email"]}).json()
            # Better Auth's hash, verified by authcore.
            assert ac.verify_password(row["password"], u["password"]) is True
            assert ac.verify_password(row["password"], "pässwörd ABC 1/2") is False
            # authcore's hash, accepted by Better Auth's own sign-in (NFKC on both sides).
            ours = ac.hash_password(u["password"])
            assert c.post("/__test/credential", json={"email": u["email"], "hash": ours}).status_code == 200
            for pw in (u["password"], unicodedata.normalize("NFKC", u["password"])):
                ok = c.post("/api/auth/sign-in/email", json={"email": u["email"], "password": pw})
                assert ok.status_code == 200, (inst["name"], ok.text)
            bad = c.post("/api/auth/sign-in/email", json={"email": u["email"], "password": "wrong password"})
            assert bad.status_code == 401, inst["name"]
