// Sign in through a real Better Auth instance on a SQLite file or a Postgres database:
//   node tests/sql/sign-in.mjs <1.6|1.7> <path.db | postgres://…> <email> <password>
// Exit 0 when /sign-in/email answers 200, 1 otherwise (the status is printed).
import Database from "better-sqlite3";
import pg from "pg";

const [version, target, email, password] = process.argv.slice(2);
const { betterAuth } = await import(`better-auth-${version}`);
const P = await import(`better-auth-${version}/plugins`);
const database = /^postgres(ql)?:\/\//.test(target) ? new pg.Pool({ connectionString: target }) : new Database(target);
const auth = betterAuth({
  database,
  secret: "authcore-sql-fixtures-secret-0123456789abcdef",
  baseURL: "http://localhost:3000",
  emailAndPassword: { enabled: true },
  logger: { disabled: true },
  plugins: [P.jwt(), P.twoFactor(), P.admin(), P.username(), P.organization()],
});
const res = await auth.handler(
  new Request("http://localhost:3000/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  }),
);
console.log(res.status);
if (database.end) await database.end();
process.exit(res.status === 200 ? 0 : 1);
