#!/usr/bin/env bash
# Formatting, clippy (native, wasm32, and the Python bindings) and the house rules that only the
# bindings modules name wasm_bindgen / js_sys / serde_wasm_bindgen (src/wasm.rs) or pyo3
# (src/python.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS

rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy

# House rule 0: the repository is self-contained (a clone has nothing beside it).
python3 scripts/check-self-contained.py

cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
cargo clippy --tests --target wasm32-unknown-unknown -- -D warnings
# Each package entry's WASM is built with only its features (scripts/build-pkg.sh).
for features in passwords,cookies,tokens,sync,internal passwords,legacy,commands tokens,keys,explain,commands doctor,cli; do
  cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features "$features" -- -D warnings
done
# Without the `nfkc` feature (Unicode tables: src/unicode.rs) natively, as the WASM entries build it.
cargo clippy --lib --test passwords --test unicode_injected --no-default-features --features passwords,sync -- -D warnings
# The Python bindings (src/python.rs) only compile with the `python` feature.
cargo clippy --lib --features python -- -D warnings

# The README's recipes are their files under examples/, and every example type-checks as a
# strict app (tsc --strict, noPropertyAccessFromIndexSignature; examples/tsconfig.json, with
# `authcore` resolved to js/index.d.ts). typescript and @types come from npm ci (setup.sh).
node scripts/check-readme-examples.mjs
[ -x node_modules/.bin/tsc ] || { echo "lint: node_modules/.bin/tsc is missing; run scripts/setup.sh" >&2; exit 2; }
node_modules/.bin/tsc -p examples
echo "lint: examples type-check (tsc --strict)" >&2
# Every other ts/js snippet of the README, each as a module (scripts/check-readme-snippets.mjs).
node scripts/check-readme-snippets.mjs

# House rule 1: the core knows nothing of JS. Only src/wasm.rs (or src/wasm/) may name these.
if offenders=$(grep -rlE 'wasm_bindgen|js_sys|serde_wasm_bindgen' src --include='*.rs' | grep -vE '^src/wasm(\.rs|/)'); then
  echo "lint: outside the bindings module, these files name wasm_bindgen/js_sys/serde_wasm_bindgen:" >&2
  echo "$offenders" >&2
  exit 1
fi
# House rule 2: the core knows nothing of Python. Only src/python.rs (or src/python/) may name pyo3.
if offenders=$(grep -rlE '\bpyo3\b' src --include='*.rs' | grep -vE '^src/python(\.rs|/)'); then
  echo "lint: outside the Python bindings module, these files name pyo3:" >&2
  echo "$offenders" >&2
  exit 1
fi
# House rule 3: the modules the WASM entries compile read JSON text only through jsjson::parse
# (exact doubles without serde_json's `float_roundtrip`, which only the doctor and native builds
# turn on: the cargo feature `exact-floats`). serde_json's text parser there would read some
# numbers 1 ULP off JSON.parse. serde_json::from_value (a parsed Value) is fine.
if offenders=$(grep -rnE 'serde_json::(from_str|from_slice|from_reader|Deserializer::from)|from_str::<|StreamDeserializer' \
  src/cookie src/cookie.rs src/token src/token.rs src/crypto.rs src/password src/password.rs \
  src/sync src/sync.rs src/internal.rs src/wasm.rs src/unicode.rs src/rng.rs src/error.rs); then
  echo "lint: request-path modules parse JSON text with serde_json (use jsjson::parse):" >&2
  echo "$offenders" >&2
  exit 1
fi
echo "lint: ok" >&2
