// A real Better Auth 1.7 server over HTTP for the Convex action recipe (tests/recipe.test.ts):
// started here, in Node, because the tests themselves run in the edge runtime. A user is signed
// up and their JWT (from /api/auth/token) provided to the tests with the server's URL.
import { startAuthServer } from "../js/support/auth-server.mjs";

export default async function setup(project) {
  const ba = await startAuthServer({ version: "1.7", secret: "convex-recipe-secret-0123456789abcdef-012345" });
  const user = await ba.signUp("convex-recipe@example.com");
  project.provide("authServer", { baseURL: ba.baseURL, jwt: user.jwt, userId: user.userId });
  return async () => {
    await ba.close();
  };
}
