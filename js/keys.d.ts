// Types of `authcore/keys`: every token function (the same declarations as `authcore`) and the
// token diagnostics inspectToken / explainToken (declared here: not in `authcore`), from
// a WASM that also holds RSA and EC key generation and RS256/384/512, PS256/384/512,
// ES256/384/512 signing. The request path (`authcore`) verifies every algorithm and signs EdDSA
// and HS*; there, `generateKeyPair("RS256" | "ES256" | …)` or signing with an RSA or EC private
// JWK throws ERR_JOSE_NOT_SUPPORTED.
export {
  AuthError,
  type AuthErrorCode,
  type JwsAlgorithm,
  type Jwk,
  type JwksDocument,
  type LocalJwks,
  type RemoteJwks,
  type KeySource,
  type JwsVerifyOptions,
  type JwtVerifyOptions,
  type JwsProtectedHeader,
  type JwtPayload,
  verifyJws,
  verifyJwsSync,
  verifyJwt,
  verifyJwtSync,
  type JwsVerifySyncOptions,
  type JwtVerifySyncOptions,
  type JwsSignOptions,
  type JwtSignOptions,
  signJwt,
  signJws,
  generateKeyPair,
  jwkThumbprint,
  toPublicJwk,
  decodeProtectedHeader,
  createLocalJwks,
  createRemoteJwks,
  type TokenPreset,
  convexPreset,
  betterAuthJwtPreset,
  emailVerificationPreset,
  type TokenErrorCode,
  type TokenInfo,
  type TokenKind,
  type ExplainTokenOptions,
  type TokenExplanation,
} from "./index.js";
import type { TokenInfo, ExplainTokenOptions, TokenExplanation } from "./index.js";

/**
 * Decode without verifying and say what a value is (signed session cookie, cookie cache and its
 * strategy, JWT-plugin / Convex / email-verification JWT, bare session token, or a Cookie header
 * with each Better Auth cookie in `parts`). In `authcore/keys` only (tooling).
 * @throws {AuthError} `ERR_TOKEN_UNRECOGNIZED`
 */
export declare function inspectToken(value: string): TokenInfo;

/**
 * Every reason a value would be refused (expired by how much, kid not in JWKS, wrong secret, …).
 * In `authcore/keys` only (tooling).
 */
export declare function explainToken(value: string, options?: ExplainTokenOptions): TokenExplanation;

/**
 * Run `authcore token inspect|explain` as the native binary does (the same Rust code), over
 * inputs read beforehand. `npx authcore token` is built on it.
 * @throws {AuthError} what the native binary prints before exiting 2
 */
export declare function runTokenCommand(args: TokenCommand, io?: TokenCommandIo): CommandOutput;
import type { TokenCommand, TokenCommandIo, CommandOutput } from "./index.js";
export type { TokenCommand, TokenCommandIo, CommandOutput } from "./index.js";
