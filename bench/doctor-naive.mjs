// The straightforward JavaScript doctor, as a baseline for `authcore doctor`: yauzl streams the
// ZIP entries, readline splits lines, JSON.parse each document, Maps do the joins for the main
// user findings (AUTH_USER_WITHOUT_APP_USER, APP_USER_WITHOUT_AUTH_USER, APP_USER_UNLINKED,
// DUPLICATE_APP_USER, DUPLICATE_AUTH_EMAIL, EMAIL_MISMATCH, ORPHAN_ACCOUNT, ORPHAN_SESSION,
// NO_SIGN_IN_METHOD, DUPLICATE_CREDENTIAL_ACCOUNT). No import checks, no id decoding, no
// password inspection: it does less than the native doctor.
// Usage: node bench/doctor-naive.mjs export.zip
import { createInterface } from "node:readline";
import yauzl from "yauzl";

const file = process.argv[2];
if (!file) {
  console.error("usage: node bench/doctor-naive.mjs export.zip");
  process.exit(2);
}
const COMPONENT = "_components/betterAuth/";
const start = performance.now();

const zip = await new Promise((res, rej) =>
  yauzl.open(file, { lazyEntries: true, autoClose: false }, (e, z) => (e ? rej(e) : res(z))),
);
const entries = new Map();
await new Promise((res, rej) => {
  zip.on("entry", (e) => {
    entries.set(e.fileName, e);
    zip.readEntry();
  });
  zip.on("end", res);
  zip.on("error", rej);
  zip.readEntry();
});

async function eachDoc(name, fn) {
  const entry = entries.get(name);
  if (!entry) return;
  const stream = await new Promise((res, rej) =>
    zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s))),
  );
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.length === 0) continue;
    let doc;
    try {
      doc = JSON.parse(line);
    } catch {
      continue;
    }
    fn(doc);
  }
}

const counts = {};
const add = (code) => (counts[code] = (counts[code] ?? 0) + 1);
const canon = (e) => String(e ?? "").trim().normalize("NFC").toLowerCase();

const users = new Map();
const userByEmail = new Map();
await eachDoc(COMPONENT + "user/documents.jsonl", (d) => {
  const key = canon(d.email);
  if (userByEmail.has(key)) add("DUPLICATE_AUTH_EMAIL");
  else userByEmail.set(key, d._id);
  users.set(d._id, { email: d.email, creds: 0, ok: false, other: false, app: 0, unlinked: false });
});
await eachDoc(COMPONENT + "account/documents.jsonl", (d) => {
  const u = users.get(d.userId);
  if (!u) return add("ORPHAN_ACCOUNT");
  if (d.providerId === "credential") {
    u.creds++;
    if (u.creds > 1) add("DUPLICATE_CREDENTIAL_ACCOUNT");
    if (typeof d.password === "string" && d.password.length > 0) u.ok = true;
  } else u.other = true;
});
await eachDoc(COMPONENT + "session/documents.jsonl", (d) => {
  if (!users.has(d.userId)) add("ORPHAN_SESSION");
});
const appEmails = new Set();
await eachDoc("users/documents.jsonl", (d) => {
  let dup = false;
  if (d.authId) {
    const u = users.get(d.authId);
    if (!u) add("APP_USER_WITHOUT_AUTH_USER");
    else {
      u.app++;
      if (u.app > 1) {
        add("DUPLICATE_APP_USER");
        dup = true;
      }
      if (d.email && canon(d.email) !== canon(u.email)) add("EMAIL_MISMATCH");
    }
  } else {
    const id = userByEmail.get(canon(d.email));
    if (id) {
      users.get(id).unlinked = true;
      add("APP_USER_UNLINKED");
    } else add("APP_USER_WITHOUT_AUTH_USER");
  }
  if (d.email) {
    const k = canon(d.email);
    if (appEmails.has(k) && !dup) add("DUPLICATE_APP_USER");
    appEmails.add(k);
  }
});
for (const u of users.values()) {
  if (u.app === 0 && !u.unlinked) add("AUTH_USER_WITHOUT_APP_USER");
  if (!u.ok && !u.other) add("NO_SIGN_IN_METHOD");
}
zip.close();
console.log(
  JSON.stringify({ authUsers: users.size, findings: counts, ms: Math.round(performance.now() - start) }),
);
