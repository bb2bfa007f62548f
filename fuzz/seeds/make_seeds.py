#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, extracted from the test vectors.

Run from the repository root: python3 fuzz/seeds/make_seeds.py
Writes fuzz/corpus/<target>/<sha1>; the ZIP and JSONL seeds come from
`cargo run --example fuzz-zip-seeds` (synthetic exports made by
authcore::doctor::gen). The committed corpora are these seeds after `cargo fuzz cmin`.
"""
import glob, hashlib, json, os, re, sys, urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "fuzz", "corpus")
FILES = sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "**", "*.json"), recursive=True))
MAX_SEED = 16 * 1024
seeds = {}

def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    if 0 < len(data) <= MAX_SEED:
        seeds.setdefault(target, set()).add(data)

B64U = r"[A-Za-z0-9_-]"
JWS = re.compile(rf"^{B64U}+\.{B64U}*\.{B64U}+$")
JWE = re.compile(rf"^{B64U}+\.{B64U}*\.{B64U}+\.{B64U}+\.{B64U}+$")
BA_HASH = re.compile(r"^[0-9a-f]{32}:[0-9a-f]{128}$")
SIGNED = ("session_token", "dont_remember")

def cookie_pair(name, value):
    add("cookie_header", f"{name}={value}")
    plain = urllib.parse.unquote(value)
    if name.split(".")[-1] in SIGNED or name.endswith(SIGNED):
        add("signed_cookie", value)
    if "session_data" in name:
        add("cookie_cache", plain)
    if JWS.match(plain):
        add("jws", plain)

def string(s):
    if s.startswith(("$2", "$argon2", "$scrypt$", "$fbscrypt$", "pbkdf2_")) or BA_HASH.match(s):
        add("password_hash", s)
    if JWS.match(s) and len(s) > 20:
        add("jws", s)
        add("cookie_cache", s)
    if JWE.match(s):
        add("cookie_cache", s)
    if "=" in s and ("; Max-Age" in s or "; Path" in s):  # Set-Cookie
        name, _, rest = s.partition("=")
        cookie_pair(name, rest.split(";")[0])
    elif ".session_" in s and "=" in s:  # Cookie header
        add("cookie_header", s)
        for part in s.split(";"):
            n, _, v = part.strip().partition("=")
            if v:
                cookie_pair(n, v)
    if s[:1] in "{[":
        try:
            walk(json.loads(s))
        except ValueError:
            pass

def walk(o):
    if isinstance(o, dict):
        if "kty" in o:
            add("jwk", json.dumps(o))
            walk_keys.append(o)
        if isinstance(o.get("keys"), list):
            add("jwks", json.dumps(o))
        if "session" in o and "user" in o:
            add("cookie_cache", json.dumps(o, ensure_ascii=False))
            add("jsjson", json.dumps(o, ensure_ascii=False))
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
    elif isinstance(o, str):
        string(o)

walk_keys = []
for f in FILES:
    with open(f, encoding="utf-8") as fh:
        walk(json.load(fh))
if walk_keys:
    add("jwks", json.dumps({"keys": walk_keys[:20]}))
    add("jwks", json.dumps({"keys": [dict(k, kid=f"k{i}") for i, k in enumerate(walk_keys[:5])]}))

# JSON.stringify edge cases (escapes, float edges, key order, nesting).
for s in [r'{"b":1.50,"1":[1e21,1e-7,"\u00e9\/"],"a":-0}', r'"\u0000\u001f\"\\\b\f\n\r\t\u2028\ud800"',
          "[5e-324,1.7976931348623157e308,9007199254740993,0.1,123456789012345680000,-1e-7]",
          '{"4294967295":1,"4294967294":2,"01":3,"-1":4,"a":{"b":{"c":[[[]]]}}}', "[]", "{}", "null"]:
    add("jsjson", s)
# Cheap, valid legacy hashes (python's hashlib), so verification is reached quickly.
import base64
pw = b"correct horse battery staple"
k = hashlib.pbkdf2_hmac("sha256", pw, b"saltsalt", 1000)
add("password_hash", "pbkdf2_sha256$1000$saltsalt$" + base64.b64encode(k).decode())
k = hashlib.scrypt(pw, salt=b"saltsaltsaltsalt", n=16, r=8, p=1, dklen=32)
b64 = lambda b: base64.b64encode(b).decode().rstrip("=")
add("password_hash", f"$scrypt$ln=4,r=8,p=1${b64(b'saltsaltsaltsalt')}${b64(k)}")

for target, items in sorted(seeds.items()):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    for data in sorted(items):
        with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as fh:
            fh.write(data)
    print(f"{target}: {len(items)} seeds", file=sys.stderr)
