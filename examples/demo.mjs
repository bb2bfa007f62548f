// The authcore demo: runs against the installed npm package on the bundled sample data.
//   bash scripts/demo.sh     (sets up, builds pkg/, installs it, runs this file)
import { readFileSync } from "node:fs";
import {
  AuthError,
  hashPassword,
  verifyPassword,
  hashPasswordWithSalt,
} from "authcore";

const sample = JSON.parse(readFileSync(new URL("./sample-credentials.json", import.meta.url)));
let failures = 0;
const check = (ok, line) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${line}`);
  if (!ok) failures++;
};

console.log(`Passwords (sample data: ${sample.provenance})\n`);
for (const u of sample.users) {
  const t = performance.now();
  const right = await verifyPassword({ hash: u.hash, password: u.password });
  const ms = (performance.now() - t).toFixed(0);
  const wrong = await verifyPassword({ hash: u.hash, password: u.password + "!" });
  check(right && !wrong, `${u.email}: right password accepted, wrong one refused (${ms} ms)`);
}

const fresh = await hashPassword("a new password ✓");
check(
  await verifyPassword({ hash: fresh, password: "a new password ✓" }),
  `new hash in Better Auth's format: ${fresh.slice(0, 40)}…`,
);

const [salt] = sample.users[0].hash.split(":");
check(
  hashPasswordWithSalt(sample.users[0].password, salt) === sample.users[0].hash,
  "same salt, same bytes as Better Auth",
);

try {
  await verifyPassword({ hash: "not-a-hash", password: "x" });
  check(false, "a malformed hash is refused");
} catch (e) {
  check(e instanceof AuthError && e.code === "ERR_HASH_MALFORMED", `malformed hash → ${e.code}`);
}

console.log(failures ? `\n${failures} check(s) failed` : "\nall checks passed");
process.exit(failures ? 1 : 0);
