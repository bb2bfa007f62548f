// convex/auth.config.ts: Convex accepts the JWTs the Better Auth convex() plugin issues.
import { getAuthConfigProvider } from "@convex-dev/better-auth/auth-config";
import type { AuthConfig } from "convex/server";

export default {
  providers: [getAuthConfigProvider()],
} satisfies AuthConfig;
