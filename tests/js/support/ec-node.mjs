// ES256/384/512 keys and tokens made by node:crypto (OpenSSL), synchronously: the request path
// (`authcore`) verifies ECDSA but no longer signs it or generates EC keys (issue 17: that is
// `authcore/keys`), so tests that need an EC key pair and a token on the request path get them here.
import { generateKeyPairSync, createPrivateKey, sign } from "node:crypto";

const CURVES = { ES256: ["P-256", "sha256"], ES384: ["P-384", "sha384"], ES512: ["P-521", "sha512"] };

/** `{ publicJwk, privateJwk }` for `alg` (ES256 by default), both with `alg` and `kid`. */
export function ecKeyPair(alg = "ES256", kid = `node-${alg}`) {
  const [namedCurve] = CURVES[alg];
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve });
  return {
    publicJwk: { ...publicKey.export({ format: "jwk" }), alg, kid },
    privateJwk: { ...privateKey.export({ format: "jwk" }), alg, kid },
  };
}

/** A compact JWS/JWT signed with node:crypto (P1363 signature); `payload` is an object or bytes. */
export function ecSign(payload, privateJwk, header = {}) {
  const alg = privateJwk.alg ?? "ES256";
  const h = Buffer.from(JSON.stringify({ alg, kid: privateJwk.kid, ...header })).toString("base64url");
  const body = payload instanceof Uint8Array ? Buffer.from(payload) : Buffer.from(JSON.stringify(payload));
  const input = `${h}.${body.toString("base64url")}`;
  const key = createPrivateKey({ key: privateJwk, format: "jwk" });
  const sig = sign(CURVES[alg][1], Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
  return `${input}.${sig.toString("base64url")}`;
}
