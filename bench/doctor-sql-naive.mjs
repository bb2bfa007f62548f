// The straightforward script people write to verify a Better Auth migration (the peer of
// `authcore doctor` in bench/doctor-sql.sh): the four tables and their critical columns
// exist, then the user joins with Maps: duplicate emails ignoring case, orphan accounts and
// sessions, users without an account. No types, indexes, foreign keys or hash checks.
//   node bench/doctor-sql-naive.mjs <file.db | postgres://…>
import Database from "better-sqlite3";
import pg from "pg";

const target = process.argv[2];
const isPg = /^postgres(ql)?:\/\//.test(target);
let rows, close;
if (isPg) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  rows = async (sql) => (await client.query(sql)).rows;
  close = () => client.end();
} else {
  const db = new Database(target, { readonly: true });
  rows = async (sql) => db.prepare(sql).all();
  close = () => db.close();
}
const problems = [];
const need = { user: ["id", "email"], session: ["id", "userId", "token"], account: ["id", "userId", "providerId"], verification: ["id", "identifier"] };
for (const [t, cols] of Object.entries(need)) {
  const have = isPg
    ? (await rows(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${t}'`)).map((r) => r.name)
    : (await rows(`SELECT name FROM pragma_table_info('${t}')`)).map((r) => r.name);
  if (have.length === 0) problems.push(`missing table ${t}`);
  for (const c of cols) if (have.length && !have.includes(c)) problems.push(`missing column ${t}.${c}`);
}
const users = new Map();
const emails = new Map();
for (const u of await rows(`SELECT id, email FROM "user"`)) {
  users.set(u.id, 0);
  const e = u.email.toLowerCase();
  if (emails.has(e)) problems.push(`duplicate email ${e}`);
  else emails.set(e, u.id);
}
for (const a of await rows(`SELECT id, "userId" FROM account`)) {
  if (!users.has(a.userId)) problems.push(`orphan account ${a.id}`);
  else users.set(a.userId, users.get(a.userId) + 1);
}
for (const s of await rows(`SELECT id, "userId" FROM session`)) if (!users.has(s.userId)) problems.push(`orphan session ${s.id}`);
for (const [id, n] of users) if (n === 0) problems.push(`user without account ${id}`);
await close();
console.log(`${problems.length} problems`);
