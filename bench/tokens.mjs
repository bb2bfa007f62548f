// JWT verification throughput: authcore (WASM) vs jose 6 (WebCrypto / node:crypto) in ONE Node
// process, interleaved round by round, medians of ROUNDS. Not a test.
//
//   bash scripts/build-pkg.sh && bash scripts/install-pkg.sh && node bench/tokens.mjs
//   ROUNDS=9 MS=300 node bench/tokens.mjs
//
// Each peer verifies the same token (signature + exp/iss/aud) with a key imported once:
//   authcore        verifyJwtSync(token, { jwks: createLocalJwks(jwks), issuer, audience })  (sync)
//   authcore(obj)   the same with the plain JWKS object (parsed once, cached by identity)
//   jose seq        await jose.jwtVerify(token, createLocalJWKSet(jwks), …), one at a time
//   jose x64        64 verifications in flight (Promise.all), as a busy server would see
import * as jose from "jose";
import { verifyJwt, verifyJwtSync, createLocalJwks } from "authcore";

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const MS = Number(process.env.MS ?? 250);
const ISS = "https://issuer.example";
const AUD = "convex";

async function setup(alg) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: "k1", alg };
  const now = Math.floor(Date.now() / 1000);
  const token = await new jose.SignJWT({ sub: "user_1", name: "Ada", email: "ada@example.com", sessionId: "s1" })
    .setProtectedHeader({ alg, kid: "k1" })
    .setIssuer(ISS)
    .setAudience(AUD)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  const jwks = { keys: [jwk] };
  return { alg, token, jwks, local: createLocalJwks(jwks), joseSet: jose.createLocalJWKSet(jwks) };
}

async function rate(fn) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < MS) {
    await fn();
    n++;
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const peers = (c) => ({
  authcore: () => verifyJwtSync(c.token, { jwks: c.local, issuer: ISS, audience: AUD }),
  "authcore(obj)": () => verifyJwtSync(c.token, { jwks: c.jwks, issuer: ISS, audience: AUD }),
  // The Promise form (what the recipes use): the same work plus one awaited Promise.
  "authcore(await)": () => verifyJwt(c.token, { jwks: c.local, issuer: ISS, audience: AUD }),
  "jose seq": () => jose.jwtVerify(c.token, c.joseSet, { issuer: ISS, audience: AUD }),
  "jose x64": () =>
    Promise.all(Array.from({ length: 64 }, () => jose.jwtVerify(c.token, c.joseSet, { issuer: ISS, audience: AUD }))),
});
const weight = { "jose x64": 64 };

console.log(`node ${process.version}, ${ROUNDS} rounds × ${MS} ms per peer, medians (ops/s)`);
// ALGS=PS256,RS256 node bench/tokens.mjs: a subset. PS256 verifies through the same Montgomery
// code as RS256 (src/token/monty.rs), then the PSS encoding check; ES256/384/512 through
// src/token/ec.rs.
for (const alg of (process.env.ALGS ?? "EdDSA,ES256,ES384,ES512,RS256,PS256").split(",")) {
  const c = await setup(alg);
  const ps = peers(c);
  for (const f of Object.values(ps)) await f(); // warm up and check they all accept
  const samples = Object.fromEntries(Object.keys(ps).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, f] of Object.entries(ps)) samples[k].push((await rate(f)) * (weight[k] ?? 1));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const row = Object.entries(m)
    .map(([k, v]) => `${k} ${Math.round(v)}`)
    .join(" | ");
  console.log(`${alg.padEnd(6)} ${row}`);
  console.log(
    `       authcore / jose seq = ${(m.authcore / m["jose seq"]).toFixed(2)}×, authcore / jose x64 = ${(m.authcore / m["jose x64"]).toFixed(2)}×, authcore(await) / jose seq = ${(m["authcore(await)"] / m["jose seq"]).toFixed(2)}×`,
  );
}
