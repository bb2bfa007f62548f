// Type-level tests of js/index.d.ts under the strictest settings an app uses (tsc -p examples,
// which includes this file; scripts/lint.sh). A line marked @ts-expect-error that compiles
// fails the check, so both directions are proven.
import {
  betterAuthJwtPreset,
  createLocalJwks,
  createRemoteJwks,
  readCookieCache,
  readCookieCacheSync,
  readSessionToken,
  verifyJwt,
  verifyJwtSync,
} from "authcore";
import type { CookieCache } from "authcore";
// authcore/keys: the token functions again, with RSA's private side (js/keys.d.ts re-exports them).
import { generateKeyPair as generateRsaKeyPair, signJwt as signRsaJwt, verifyJwtSync as verifyWithKeys, type Jwk } from "authcore/keys";

export function keysEntry(): string {
  const { privateJwk, publicJwk }: { privateJwk: Jwk; publicJwk: Jwk } = generateRsaKeyPair("PS256");
  const token: string = signRsaJwt({ sub: "u" }, { privateJwk });
  // @ts-expect-error an algorithm name outside JwsAlgorithm
  generateRsaKeyPair("RSA-OAEP");
  return String(verifyWithKeys(token, { jwks: publicJwk }).payload.sub);
}

export async function checks(request: Request): Promise<void> {
  // `string | undefined` from the environment is accepted (undefined → ERR_CONFIG_SECRET_MISSING at run time).
  const token: string | null = readSessionToken(request, { secret: process.env["BETTER_AUTH_SECRET"] });
  const preset = betterAuthJwtPreset(process.env["BETTER_AUTH_URL"]);

  // Always a Promise, whatever the keys.
  const remote = createRemoteJwks("https://app.example/api/auth/jwks");
  const local = createLocalJwks({ keys: [] });
  const a: Promise<unknown> = verifyJwt("t", { ...preset, jwks: remote });
  const b: Promise<unknown> = verifyJwt("t", { ...preset, jwks: local });
  // @ts-expect-error verifyJwt is never synchronous
  const c: { payload: unknown } = verifyJwt("t", { jwks: local });
  // @ts-expect-error the Sync form takes local keys only
  verifyJwtSync("t", { jwks: remote });
  const d = verifyJwtSync<{ email: string }>("t", { jwks: local });
  const email: string = d.payload.email;

  // Better Auth's fields are typed; additional fields through the generic.
  const cache = await readCookieCache(request, { secret: process.env["BETTER_AUTH_SECRET"], jwks: remote });
  if (cache && cache.session.token === token) {
    const id: string = cache.user.id;
    const verified: boolean = cache.user.emailVerified;
    const expires: string = cache.session.expiresAt;
    // @ts-expect-error not a Better Auth field: declare it with the generic
    cache.user.role;
    void [id, verified, expires];
  }
  const withRole = readCookieCacheSync<{ role: string }>(request, { secret: "s" });
  const role: string | undefined = withRole?.user.role;
  // @ts-expect-error the Sync form takes local keys only
  readCookieCacheSync(request, { secret: "s", jwks: remote });
  const typed: CookieCache<{ role: string }, { impersonatedBy?: string | null }> | null = withRole && { ...withRole, session: { ...withRole.session, impersonatedBy: null } };
  void [a, b, c, email, role, typed];
}
