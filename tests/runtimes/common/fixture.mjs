// The fixed set of outputs every runtime computes from the installed `authcore` package.
// Runtime-neutral on purpose (no Node APIs, no imports): each runtime passes in the module it
// imported, and the driver compares the JSON result byte for byte with Node's.

export const SALT = "00112233445566778899aabbccddeeff";

export const PASSWORDS = [
  "correct horse battery staple",
  // Fullwidth letters and a circled digit: NFKC turns this into "password1".
  "\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44\u2460",
  // Emoji (astral plane, ZWJ sequence), a combining accent and non-Latin text.
  "p\u00e4ss \u{1F510}\u{1F469}\u200D\u{1F4BB} e\u0301 \u5bc6\u7801",
];

// Produced by the real better-auth 1.6.34 (tests/vectors/better-auth/better-auth-1.6.34.json, vector 0).
export const BETTER_AUTH_VECTOR = {
  password: "correct horse battery staple",
  hash:
    "73ba7b0f34852570210fa1bce87499fd:efb2a0a5fd5a3622ab486cabc07993f27c8eb6a61a75869768019e93b36fd5dd2e0d44487882b1ce19dc2ead3a3dca2453ef28dd3da820985781a1164f5f4142",
};

// Written by the real better-auth (tests/vectors/cookies/better-auth-cookies.json: `signed[0]`,
// and the flow "better-auth-1.7-jwe-prefix": a Cookie header with a signed session token and
// a JWE cookie cache, read at the moment it was issued).
export const COOKIE_VECTOR = {
  "signed": {
    "token": "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
    "secret": "cookie-vectors-secret-0123456789-abcdefghijklmnop",
    "cookieValue": "AbCdEfGhIjKlMnOpQrStUvWxYz012345.LyGK8BAfUElWZb2Tf6k2SDtCWhrtPfjgaZpNyVt41rA%3D"
  },
  "jwe": {
    "cookieHeader": "myapp.session_token=IeDq2dDfXRCjVRhbNNRSXudxW909s8xq.6A1kTVCdH5ikDNJP%2F4l%2F0Xv7zRDN1vzmhhV4%2F5tO39w%3D; myapp.session_data=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiY2xRQ1NmLXhqYXhMVlpERm03M013cUdZQ2tUSjF4aXM3bVVSMUt5OFpTWSJ9..9w8RRWPVefmtMMP3CCkUZw.K-UnSby95bx8qdQCg7tzGcIrmU1v74_jZz7_SC9KB4rhg34VJcPOg_KPRif9fkMWxNk6lUG2_bZlrMlTxiYr7AzEK7T61cpc03gFOg-0KtJWF5HkYHnY-KiEhjL4kd0zBq9MuifpC3G9dPPvVg-pUwWoe1-DrDtwSw5I4bVp_QgUVTNV844jYSXI-7JXCgp2gX6M9jGfyyaIko3p7n8kZc5jeRXf8ngkeDSXw_z0d4AniDVPod63W0hQnW-BeMuhWz4UOGr4XssUvEJFOBrxiIys1dX7YW0G4pkKXMq-xwJTUL_Nrj3Vy0G1Uo3_H6SSl0uz8HN6EKe3I2GpJcQWMV60wqqeALc-Sv7SV8tU2qB-WmdO2RqoRxgw7jR14ELOC-GdQO7BQbl5nRBFR2G4f7ntlnfEzTJyYZ5IcOIghARKSu_irSsLiWa1Txp3wTsraPS7v--nF7y5g0x5BM_Nwg2vfQpOjRT8UafimPrDAdZhCpFf3aKrFIrcAWqBfa5jM8CU9uvl5_IQZGvMDdDJ9QQYFgx4XZVpw5AFKbetX41PNM3ANutvKxh42N78PxSdeUXHipD2ZoRsLClfU4K4F-AXiYkp5pjNyXWnY1kxCAyNI0a9nD_OgHt_qSxEcrUNxXdFCwffuBh19fGPHqrgrAQ59O_DfvxMfGmsuOavb9BXGl66Z3hZvMxLhFiikfVm5SkRdaanEcLhCk-j7TLrulZugZ9XAxjr6EOGqfNlFJg4Uis1APrICl6m-PLy7oBakCSHpoHYQNhyo3DPBsbGlLmpaQevZm9EOLPPTkzYZo8c5pXN7C5-fd36BbtnrNrZ6fVrFb5FfUc6MXVJlESR1Q.-UNqmgiOmOuSkQDZbI_IOWsz_4nTszA3da1-KUTPSFI",
    "secret": "cookie-vectors-secret-0123456789-abcdefghijklmnop",
    "cookiePrefix": "myapp",
    "now": "2026-11-28T03:13:47.722Z",
    "sessionToken": "IeDq2dDfXRCjVRhbNNRSXudxW909s8xq"
  }
};

// Tokens: an RS256 Convex-style JWT signed by the real `jose` 6.2.18 with the JWKS below, and an
// Ed25519 private key (EdDSA signatures are deterministic, so every runtime must produce the
// same token). Generated once; `now` is one minute after the token was issued.
export const JWT_VECTOR = {
  "note": "jose 6.2.18, generated once for the runtime matrix",
  "now": 1764300060000,
  "edPrivateJwk": {
    "crv": "Ed25519",
    "d": "MuRsT7fm_HMiUS5moFb9ZYHFM_FDy7RgSAcK7R9gadM",
    "x": "ZzHrn_LCSzzk_B2fMCFXjqZTTHSMyjuVo-3mhajdxP8",
    "kty": "OKP",
    "kid": "ed-1",
    "alg": "EdDSA"
  },
  "jwks": {
    "keys": [
      {
        "crv": "Ed25519",
        "x": "ZzHrn_LCSzzk_B2fMCFXjqZTTHSMyjuVo-3mhajdxP8",
        "kty": "OKP",
        "kid": "ed-1",
        "alg": "EdDSA",
        "use": "sig"
      },
      {
        "kty": "RSA",
        "n": "wGU6529_-srItuKBzyOvuiNCTc6WwUQamHmcUW4y97wOU3sBgEFUAXk-Jaz45bMkKQz5cIzQE17D24VYuMJBD9ourwu4ZvQCShvJCvwlQMD86TDitHjrgW5j4S_DsLxZxM6bk1yATc7BpSl8AJUqbBSK1S0-cQGYyi5IKxOTFbVW4iKauq7H2WIWyyX83xLEd9ZAw0vJWtpArJjqQId0al_3gMS3G73FJpAkCppe-5PEAfpceEgQ8P_1JBTTCJ_zP362uuqfkwLdmTTZVp-9dRlYl1hKadloHIM5JF1kSuAKtqkvI8Qpe_UiFcLriOV3d3bfXKh_GlrXVP0B0tOb4Q",
        "e": "AQAB",
        "kid": "rs-1",
        "alg": "RS256",
        "use": "sig"
      }
    ]
  },
  "rsPrivateJwkNote": "node:crypto generateKeyPairSync('rsa', 2048), generated once: authcore/keys signs RS256 with it (deterministic) in every runtime",
  "rsPrivateJwk": {
    "kty": "RSA",
    "n": "3kw_leJZ9m9O7g0B7FV1y7qPcZpHfd4qRl9fvzk7icqKsOe6ffTd0aX3vQ9EvRN9KQsI1FjbQR6NvswMyaFNO1-GyOqD7mF3BqMdyhPFNmkryPFSL5saItheQyPvrDVzc0vSbghgT10CBPpwNXZPotZc7NhP8-hmpfbjj_IzvHJ469LNEC5qFjCbT5W7gyoz5A-DUe7EZepN713UChQYk9ZOPnHm2o62tYRPtRHslN0se1ibOyJn7jN81iE0Svy30oMzdGJYo6gwPK-6aDU7GL8eIqkHGiukrRFeJGkldiGT3SmOpc1xelM3bw2GSQdaIT3ojahVp7I9anqFjJnPMw",
    "e": "AQAB",
    "d": "FKuBWWtVKHl8HN11GX0ZeWqXo51lWrpO3avznWEcfKOqgWg3_-CbbumK9MztJtRKQIfn98VqtGOQvuDUADxGj_1CF_-FFKQtFZ8S34iMFL2dwSRTRd2bBgoZZbkl3tzk0cqHPrelAOwp372hCQ-UYxSh9Qc-E_S-9V1UwTyTpp4lPa8nLhTQcYh2DVUSx5qi7EALHjVshBh0UQuRZx4GJJimXFVKiAov-zhrL1_Wb55qyCzXZ6b5P6lj8X_l0UaLUcv3lirQZUpOrLNARWXiXoRJai7yFbLeobWf9WjcITXdz4UvW9AxBSqfsq9svx7NsMnOioU-vFayYkWwaS_GOQ",
    "p": "9M13x9f8UGSFUwHXHYShCdFxfR14J4yeAhb9m5PG4IbyCWj8c7rNq6nKiw3WgNKQL_N0z_AGvQCaGnO72H7cJ5S5g9h_khs1MRBamORmceENjt2FAOzWWxAvrruZ7YztBzu2PXppM5m42e0rfEhzfiHeHuBC61PEdNSrn84wg-s",
    "q": "6HdCbe7MS72wFsakqFBv7CJbu0NY1ReLKt4dcsccPugptKhFYBRqkLl3yC0_wYJzwjCC8cZHUBrA8_k5cCoviTC-7CHaFXjI-mI9t_6KHfD07NAZwWh94ENiGEAIXSnhHDevLATd2IHH9V3Knx0dMmvvLlb79dTcAQwpEENHt9k",
    "dp": "mgIBjzo0RCdZMSWBPdLItTKMoVe-1bLDXTE1j4DipzJ-Zqkj2XL2HT8Oa3jjL9xIVcJmBMNOme0dBfM1hDgbLNOF-opjh3mSdzGArZtTT-Vz8CMwn6pgGJ4QQW9IoYf9PoW0Wuz97jaRcpiguOmjrwCDiw0vTHlAqPd6mWjQYM0",
    "dq": "ar_xOmhRWmqmBR99F2mwq7_vXeQEU_52wt2yqjVy7BRSqoonKYLWmNUCg2L8BxGvtLnwN7R0pP1UI_ULgk1s_NPsqKS27-tCZ3BbpTV3GV7AKks5uI4SV7y5vCcTcCy-GeYcQ9uMQFMAjtVeKYkGElRsRlxdYbs4uCZsaPJsaak",
    "qi": "hBLkN8fTju5kV09nOCHhYGKF9U4VRcqR8G3JwW6rZ0g2NRhfc-aSuvsTsD0rWCglwYUhJZGQC57a0yfU9N4qXUIEkyyA8q8V3S4v0sMj3aSn2_aLYTkcdd5cP9c5mYYATgNNmSMHuS2cfhXslwjw8-Kxm5E7bdMg8EUBaMr8ICk",
    "kid": "fixture-rsa"
  },
  "rsToken": "eyJhbGciOiJSUzI1NiIsImtpZCI6InJzLTEiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ1c2VyXzEyMyIsImVtYWlsIjoiYWRhQGV4YW1wbGUuY29tIiwiaWF0IjoxNzY0MzAwMDAwLCJleHAiOjE3NjQzMDA5MDAsImlzcyI6Imh0dHBzOi8vZXhhbXBsZS5jb252ZXguc2l0ZSIsImF1ZCI6ImNvbnZleCJ9.Hv-k38A1DTSlNTjkxRKxk4z76xVPrcqcnmmOKGnOnFtrFJB7esEhy91TyyyEjl-uAbTkAo5Sx7ac_HJ-9PEyGfXnBi-UZIfhDr7DUH7VbrukVzCyn73KqPAjaH9yyXPXO175ctM8I0n9mBejcnZC3QQXwLJ3uROG0VphS-FCOLn09CYIjIVbRQFcovFchRX1jf-z9NnQC_GgsglY1cABEjichTcwkPJx5kjmVS_l-IfjZ5REwCZD3ANkftbV8CzkjjOj4MvTap03PEAa7KGag-mPXNWutfUqnawuOTBu3YVEFOvRb1IAsLLVyPSEWmljsV4vx6pwuoolbIeK3F4cXQ"
};

const HASH_SHAPE = /^[0-9a-f]{32}:[0-9a-f]{128}$/;

async function errorOf(fn, AuthError) {
  try {
    await fn();
    return "no error";
  } catch (e) {
    return {
      code: e && e.code,
      name: e && e.name,
      isAuthError: e instanceof AuthError,
      isError: e instanceof Error,
    };
  }
}

/**
 * The other public entries, imported by the same runtime: `authcore/passwords` (the password
 * outputs above, from its own WASM), `authcore/doctor` (a seeded synthetic export, then the
 * doctor's report on it: both deterministic, so every runtime must give Node's bytes) and
 * `authcore/keys` (RSA signing: an RS256 token, deterministic, that the request path `authcore`
 * verifies and refuses to make itself). `authcore`: the request-path namespace.
 */
export async function computeEntries({ passwords, doctor, keys }, authcore) {
  const { now, rsPrivateJwk } = JWT_VECTOR;
  const { d, p, q, dp, dq, qi, ...rsPublicJwk } = rsPrivateJwk;
  const claims = { sub: "user_rsa" };
  const sign = { issuer: "https://app.example", audience: "api", expiresIn: 600, now };
  const rs256 = keys.signJwt(claims, { privateJwk: rsPrivateJwk, alg: "RS256", ...sign });
  const ps512 = keys.signJwt(claims, { privateJwk: rsPrivateJwk, alg: "PS512", ...sign });
  const verifyOpts = { jwks: rsPublicJwk, issuer: "https://app.example", audience: "api", now };
  const zip = doctor.generateExport({ users: 30, seed: 7, inject: ["DUPLICATE_AUTH_EMAIL"] });
  let sum = 0;
  for (const b of zip) sum = (sum * 31 + b) >>> 0;
  const r = doctor.diagnoseExport(zip);
  return {
    passwords: await compute(passwords),
    doctor: {
      exports: Object.keys(doctor).filter((k) => k !== "default").sort(),
      zip: { length: zip.length, sum },
      findings: r.report.findings.map((f) => f.code),
      hasErrors: r.hasErrors,
      text: r.text,
      badSource: await errorOf(() => doctor.diagnoseExport(new Uint8Array([1, 2, 3])), doctor.AuthError),
    },
    keys: {
      exports: Object.keys(keys).filter((k) => k !== "default").sort(),
      rs256,
      rs256ByRequestPath: authcore.verifyJwtSync(rs256, verifyOpts).payload,
      ps512ByRequestPath: authcore.verifyJwtSync(ps512, verifyOpts).payload,
      ps512ByKeys: (await keys.verifyJwt(ps512, verifyOpts)).payload,
      requestPathSigns: await errorOf(() => authcore.signJwt(claims, { privateJwk: rsPrivateJwk, alg: "PS256" }), authcore.AuthError),
      requestPathGenerates: await errorOf(() => authcore.generateKeyPair("RS256"), authcore.AuthError),
    },
  };
}

/**
 * Every output the matrix compares. `authcore` is the imported module namespace; `entries`
 * (`{ passwords, doctor, keys }`), when given, the other entries' namespaces (see computeEntries).
 */
export async function compute(authcore, entries) {
  const {
    hashPassword,
    verifyPassword,
    hashPasswordSync,
    verifyPasswordSync,
    hashPasswordWithSalt,
    AuthError,
  } = authcore;
  const out = {};

  out.exports = Object.keys(authcore).filter((k) => k !== "default").sort();
  out.withSalt = PASSWORDS.map((p) => hashPasswordWithSalt(p, SALT));
  out.betterAuthVector = {
    sameHash: hashPasswordWithSalt(BETTER_AUTH_VECTOR.password, BETTER_AUTH_VECTOR.hash.slice(0, 32)) === BETTER_AUTH_VECTOR.hash,
    verifies: await verifyPassword({ hash: BETTER_AUTH_VECTOR.hash, password: BETTER_AUTH_VECTOR.password }),
  };
  // NFKC: the fullwidth spelling verifies against the hash of its ASCII normal form.
  out.nfkcVerifies = verifyPasswordSync({ hash: hashPasswordWithSalt("password1", SALT), password: PASSWORDS[1] });

  // Random salts (the platform RNG through getrandom): right shape, two hashes differ, both verify.
  const a = await hashPassword(PASSWORDS[2]);
  const b = hashPasswordSync(PASSWORDS[2]);
  out.random = {
    shapes: [HASH_SHAPE.test(a), HASH_SHAPE.test(b)],
    differ: a !== b,
    verifyAsync: [await verifyPassword({ hash: a, password: PASSWORDS[2] }), await verifyPassword({ hash: a, password: "wrong" })],
    verifySync: [verifyPasswordSync({ hash: b, password: PASSWORDS[2] }), verifyPasswordSync({ hash: b, password: "wrong" })],
  };

  out.errors = {
    malformedAsync: await errorOf(() => verifyPassword({ hash: "not-a-hash", password: "x" }), AuthError),
    malformedSync: await errorOf(() => verifyPasswordSync({ hash: "abc:def", password: "x" }), AuthError),
    emptySalt: await errorOf(() => hashPasswordWithSalt("x", ""), AuthError),
    tooLong: await errorOf(() => hashPassword("x".repeat(64 * 1024 + 1)), AuthError), // the 64 KiB ceiling
    notAString: await errorOf(() => hashPasswordSync(42), AuthError),
  };

  // Cookies (when this build has them): signed session cookie and a JWE cookie cache.
  if (typeof authcore.readSessionToken === "function") {
    const { signed, jwe } = COOKIE_VECTOR;
    const { readSessionToken, signSessionToken, readCookieCache } = authcore;
    const at = signed.cookieValue.lastIndexOf(".") + 1; // first signature character, changed
    const forged = signed.cookieValue.slice(0, at) + (signed.cookieValue[at] === "A" ? "B" : "A") + signed.cookieValue.slice(at + 1);
    out.cookies = {
      signMatchesBetterAuth: signSessionToken(signed.token, signed.secret) === signed.cookieValue,
      read: readSessionToken(`better-auth.session_token=${signed.cookieValue}`, { secret: signed.secret }),
      absent: readSessionToken("other=1", { secret: signed.secret }),
      // A forged cookie is no session (null), as in Better Auth; the reason stays available.
      forged: readSessionToken(`better-auth.session_token=${forged}`, { secret: signed.secret }),
      forgedReason: authcore.readSessionTokenWithReason(`better-auth.session_token=${forged}`, { secret: signed.secret }).reason.code,
      jweToken: readSessionToken(jwe.cookieHeader, { secret: jwe.secret, cookiePrefix: jwe.cookiePrefix }) === jwe.sessionToken,
    };
    const cache = await readCookieCache(jwe.cookieHeader, {
      secret: jwe.secret,
      cookiePrefix: jwe.cookiePrefix,
      now: Date.parse(jwe.now) + 1000,
    });
    out.cookies.jweCache = cache && { strategy: cache.strategy, token: cache.session && cache.session.token, email: cache.user && cache.user.email };
    // The synchronous form, with local keys (here none needed), gives the same answers.
    out.cookies.jweCacheExpired = authcore.readCookieCacheSync(jwe.cookieHeader, {
      secret: jwe.secret,
      cookiePrefix: jwe.cookiePrefix,
      now: Date.parse(jwe.now) + 365 * 24 * 3600 * 1000,
    });
  }

  // Tokens (when this build has them).
  if (typeof authcore.verifyJwt === "function") {
    const { verifyJwt, signJwt, jwkThumbprint } = authcore;
    const { now, jwks, rsToken, edPrivateJwk } = JWT_VECTOR;
    // verifyJwt is always a Promise (as jose); verifyJwtSync takes local keys only.
    const convex = await verifyJwt(rsToken, { jwks, issuer: "https://example.convex.site", audience: "convex", algorithms: ["RS256"], now });
    const edToken = signJwt({ sub: "user_123", role: "admin" }, { privateJwk: edPrivateJwk, issuer: "https://app.example", audience: "api", expiresIn: 600, now });
    const ed = authcore.verifyJwtSync(edToken, { jwks, issuer: "https://app.example", audience: "api", now });
    out.tokens = {
      convex: { header: convex.header, payload: convex.payload },
      edToken,
      ed: { header: ed.header, payload: ed.payload },
      thumbprint: jwkThumbprint(jwks.keys[0]),
      expired: await errorOf(() => verifyJwt(rsToken, { jwks, now: now + 3600 * 1000 }), AuthError),
      wrongAudience: await errorOf(() => verifyJwt(rsToken, { jwks, audience: "other", now }), AuthError),
      tampered: await errorOf(() => verifyJwt(rsToken.slice(0, -4) + (rsToken.endsWith("AAAA") ? "BBBB" : "AAAA"), { jwks, now }), AuthError),
    };
  }
  if (entries) out.entries = await computeEntries(entries, authcore);
  return out;
}
