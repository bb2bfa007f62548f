#!/usr/bin/env python3
"""Which crates the .wasm's code comes from (issue "Everywhere": "if features make it bigger,
say which and why"). Reads the release build before wasm-bindgen/wasm-opt (it still has the
`name` section), attributes every function body's bytes to the crate of its (mangled) name, and
groups crates by the authcore feature that pulls them in.

    bash scripts/build-pkg.sh      # keeps each entry's build in target/wasm-entries/<entry>.wasm
    python3 bench/wasm-size.py     # every entry: authcore (request path), passwords, keys, doctor
    python3 bench/wasm-size.py target/wasm32-unknown-unknown/release/authcore.wasm   # one file

Sizes are of the unoptimised-by-wasm-opt module (wasm-opt -O3 trims about a third overall);
the shares are what matter. Generic code is attributed to the crate that defines it (a
`crypto_bigint` function instantiated for `rsa` counts as crypto_bigint).
"""
import re
import sys
from collections import Counter

FEATURE = {
    "passwords": ["scrypt", "salsa20", "pbkdf2", "unicode_normalization", "tinyvec", "hex",
                  "subtle", "getrandom", "argon2", "blake2", "bcrypt", "blowfish", "password_hash",
                  "base64ct"],
    "tokens (JWS/JWK: RSA, P-256/384/521, Ed25519)": [
        "rsa", "crypto_bigint", "p256", "p384", "p521", "primeorder", "elliptic_curve", "ecdsa",
        "ed25519_dalek", "curve25519_dalek", "rfc6979", "signature", "sec1", "spki", "pkcs1",
        "pkcs8", "der", "ff", "group", "hybrid_array", "crypto_primes", "const_oid", "ctutils"],
    "cookies (HMAC, AES-CBC, XChaCha20-Poly1305, HKDF)": [
        "hmac", "hkdf", "aes", "cbc", "ctr", "chacha20", "chacha20poly1305", "poly1305",
        "universal_hash", "aead", "cipher", "inout", "block_padding"],
    "doctor (ZIP, deflate)": ["zip", "zlib_rs", "flate2", "crc32fast", "crc_fast", "libz_rs_sys",
                              "indexmap", "hashbrown"],
    "JSON (serde_json, cookies, tokens, sync, doctor)": ["serde_json", "serde", "ryu", "itoa",
                                                        "memchr", "serde_core"],
    "hashes (shared)": ["sha2", "sha1", "digest", "block_buffer", "crypto_common", "cpufeatures"],
    "bindings (wasm-bindgen, serde-wasm-bindgen, js-sys)": ["wasm_bindgen", "js_sys",
                                                           "serde_wasm_bindgen", "web_sys"],
    "Rust std / alloc / core": ["std", "core", "alloc", "dlmalloc", "compiler_builtins",
                                "rustc_demangle", "panic_abort", "__rustc"],
}
# authcore's own modules (with the generic crypto LTO inlined into them) by feature.
AUTHCORE_MODULE_FEATURE = {
    "password": "passwords", "legacy": "passwords", "rng": "passwords",
    "token": "tokens (JWS/JWK: RSA, P-256/384/521, Ed25519)",
    "crypto": "cookies (HMAC, AES-CBC, XChaCha20-Poly1305, HKDF)",
    "cookie": "cookies (HMAC, AES-CBC, XChaCha20-Poly1305, HKDF)",
    "jsjson": "cookies (HMAC, AES-CBC, XChaCha20-Poly1305, HKDF)",
    "doctor": "doctor (ZIP, deflate)", "convex_export": "doctor (ZIP, deflate)",
    "sync": "sync decisions",
    "wasm": "bindings (wasm-bindgen, serde-wasm-bindgen, js-sys)",
    "error": "authcore: errors",
}
CRATE_TO_FEATURE = {c: f for f, cs in FEATURE.items() for c in cs}


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, b[j:j + size]
        i = j + size


PRIMITIVES = {"u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
              "isize", "f32", "f64", "bool", "char", "str", "T", "dyn", "D", "R", "W", "A"}


def idents(name):
    """The first two path components of a legacy-mangled name (`_ZN<len><ident>...E`)."""
    out, i = [], 3
    while len(out) < 2:
        m = re.match(r"(\d+)", name[i:])
        if not m:
            break
        n = int(m.group(1))
        i += m.end()
        out.append(name[i:i + n])
        i += n
    return out


def impl_crate(ident):
    """`_$LT$$RF$mut$u20$curve25519_dalek..scalar..Scalar$u20$as$u20$...$GT$` → curve25519_dalek."""
    rest = ident[len("_$LT$"):]
    for junk in ("$RF$", "mut$u20$", "$BP$", "$u5b$", "$LP$", "$RP$", "const$u20$"):
        while rest.startswith(junk):
            rest = rest[len(junk):]
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", rest)
    word = m.group(0) if m else ""
    if not word or word in PRIMITIVES or rest[len(word):].startswith(("$u20$", "$GT$", "$u3b$")):
        return "core"
    return word


def crate_of(name):
    """Crate (and, for authcore, `authcore::<module>`) of a function name."""
    if name.startswith("_ZN"):
        ids = idents(name)
        if not ids:
            return "(other)"
        crate = impl_crate(ids[0]) if ids[0].startswith("_$LT$") else ids[0]
        if crate in PRIMITIVES:
            crate = "core"
        if crate == "authcore" and len(ids) > 1:
            sub = ids[1]
            if sub.startswith("_$LT$"):
                m = re.match(r"_\$LT\$authcore\.\.([a-z_0-9]+)", sub)
                sub = m.group(1) if m else "impls"
            return f"authcore::{sub}"
        return crate
    if name.startswith("_R"):  # v0 mangling (std is built with it): crate after `C<hash>_<len>`
        m = re.search(r"C(?:s[0-9a-zA-Z]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)", name)
        if m:
            return m.group(2)[: int(m.group(1))]
    if name.startswith(("__wbg", "__wbindgen", "__externref")):
        return "wasm_bindgen"
    if name.startswith(("memcpy", "memset", "memmove", "memcmp", "__", "malloc", "free")):
        return "compiler_builtins"
    m = re.match(r"([a-z0-9_]+)::", name)
    return m.group(1) if m else "(other)"


def main():
    # Per entry (issue 17): scripts/build-pkg.sh keeps each entry's cargo output in
    # target/wasm-entries/<entry>.wasm; with no argument, every one of them is attributed.
    paths = sys.argv[1:]
    if not paths:
        import glob
        paths = sorted(glob.glob("target/wasm-entries/*.wasm")) or [
            "target/wasm32-unknown-unknown/release/authcore.wasm"]
    for i, path in enumerate(paths):
        if i:
            print("\n" + "=" * 72 + "\n")
        attribute(path)


def attribute(path):
    b = open(path, "rb").read()
    imports = 0
    bodies = []
    names = {}
    data = 0
    for sid, body in sections(b):
        if sid == 2:  # imports: count function imports (they shift function indices)
            n, i = leb(body, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, i = leb(body, i)
                    i += ln
                kind = body[i]
                i += 1
                if kind == 0:
                    _, i = leb(body, i)
                    imports += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:
            n, i = leb(body, 0)
            for _ in range(n):
                size, j = leb(body, i)
                bodies.append(size + (j - i))
                i = j + size
        elif sid == 11:
            data += len(body)
        elif sid == 0:
            ln, i = leb(body, 0)
            if body[i:i + ln] != b"name":
                continue
            i += ln
            while i < len(body):
                sub = body[i]
                size, j = leb(body, i + 1)
                if sub == 1:
                    n, k = leb(body, j)
                    for _ in range(n):
                        idx, k = leb(body, k)
                        ln2, k = leb(body, k)
                        names[idx] = body[k:k + ln2].decode("utf8", "replace")
                        k += ln2
                i = j + size
    if not names:
        sys.exit("no name section: use the cargo output, before wasm-bindgen and wasm-opt")
    crates = Counter()
    for n, size in enumerate(bodies):
        crates[crate_of(names.get(imports + n, ""))] += size
    features = Counter()
    for c, size in crates.items():
        if c.startswith("authcore::"):
            f = AUTHCORE_MODULE_FEATURE.get(c.split("::")[1], f"authcore: {c}")
        else:
            f = CRATE_TO_FEATURE.get(c, f"other: {c}")
        features[f] += size
    total = sum(bodies)
    print(f"{path}: code {total:,} B in {len(bodies):,} functions, data {data:,} B")
    print("\nby feature:")
    for f, size in features.most_common():
        print(f"  {size:>10,} B  {100 * size / total:5.1f}%  {f}")
    print("\nlargest crates:")
    for c, size in crates.most_common(25):
        print(f"  {size:>10,} B  {100 * size / total:5.1f}%  {c}")


main()
