#!/usr/bin/env node
// `npx authcore doctor | fix | gen-export`: the npm package's command line, for Convex and SQL
// (SQLite, Postgres) developers who have Node but not Rust. Same arguments, help text, output and exit codes as the native
// `authcore` binary (src/bin/authcore/), running the same core through WASM (the Node entry).
// Exit codes: 0 success, 1 findings of error severity, 2 usage or I/O errors.
// Files are read and written through fs.readSync / fs.writeSync a window at a time, so an
// export is never loaded whole; a fixed export is written to a temporary file in the output's
// directory and renamed over the output at the end, so the input is never modified.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { AuthError, diagnoseExport, generateExport, planExportFix } from "./doctor/index.node.mjs";
import { applySqlFix, diagnoseSql, planSqlFix, sourceOf } from "./sql.mjs";

/** The width clap lays help out for when stdout is not a terminal. */
const TERM_WIDTH = 100;

// Mirrors of the native CLI's constants (src/bin/authcore/doctor.rs).
/** Exports at least this large get a progress line (when stderr is a terminal). */
const PROGRESS_MIN_BYTES = 64 * 2 ** 20;
/** Longest password read from stdin, in bytes (4 × the core's password length ceiling + 2). */
const PASSWORD_STDIN_CAP = 4 * 4096 + 2;
/** Read and write window for files. */
const IO_WINDOW = 1 << 20;

// ---- argument specs: one per command, rendered as clap renders the native help ----

const WHERE = [
  { name: "component", value: "COMPONENT", help: "Mount name of the Better Auth component", def: "betterAuth" },
  { name: "app-table", value: "APP_TABLE", help: "The app's users table (root namespace)", def: "users" },
  { name: "link-field", value: "LINK_FIELD", help: "The app table's field holding the auth user's _id", def: "authId" },
  { name: "email-field", value: "EMAIL_FIELD", help: "The app table's email field", def: "email" },
];
const HELP = { name: "help", short: "h", help: "Print help" };
// The native CLI's SQL options (SqlWhere): SQLite through node:sqlite, Postgres through pg.
const SQL_WHERE = [
  {
    name: "database-url-env",
    value: "NAME",
    sql: true,
    help: "Read the database URL from this environment variable (e.g. DATABASE_URL) instead of the command line",
  },
  {
    name: "plugins",
    value: "PLUGINS",
    multiple: true,
    help: "The Better Auth plugins enabled (jwt,twoFactor,admin,username,organization,passkey); detected from the tables and columns present when not given",
  },
  {
    name: "better-auth-version",
    value: "BETTER_AUTH_VERSION",
    help: "The Better Auth version line the schema is checked against: 1.6 or 1.7",
    def: "1.7",
  },
  { name: "schema-map", value: "FILE", help: 'A JSON file of custom names: {"casing":"snake","user":{"modelName":"users","fields":{…}}}' },
];
const DRY_RUN = { name: "dry-run", help: "Print the plan, write nothing" };
const EMAIL = { name: "email", value: "EMAIL", help: "", required: true };

const SPECS = {
  doctor: {
    about:
      "Check a Convex export ZIP for auth data problems and import blockers. Exit 0: no error-severity finding; 1: errors found; 2: usage or I/O error",
    usage: "authcore doctor [OPTIONS] [EXPORT]",
    args: [
      {
        value: "EXPORT",
        optional: true,
        help: "The Convex snapshot ZIP (`npx convex export --path export.zip`), a SQLite file (./auth.db, sqlite:./auth.db) or a postgres:// URL (password also from PGPASSWORD)",
      },
    ],
    options: [
      { name: "json", help: "Print JSON: { findings: [{ code, severity, table, ids, email?, message, fix }], summary }" },
      ...SQL_WHERE,
      ...WHERE,
      { name: "admin-email", value: "ADMIN_EMAIL", help: "An email that must be an admin (repeatable)", multiple: true },
      {
        name: "secret",
        value: "SECRET",
        help: "BETTER_AUTH_SECRET, to check that jwks private keys decrypt (or set BETTER_AUTH_SECRET)",
      },
      HELP,
    ],
  },
  fix: {
    about: "Write a fixed copy of a Convex export ZIP (the input is never modified)",
    usage: "authcore fix [OPTIONS] [INPUT] <COMMAND>",
    args: [
      {
        value: "INPUT",
        optional: true,
        help: "The export to read (never modified), or a SQLite file / postgres:// URL (with --sql or --apply)",
      },
    ],
    options: [
      { name: "output", short: "o", value: "OUTPUT", help: "Where to write the fixed export" },
      {
        name: "sql",
        value: "FILE",
        sql: true,
        help: "SQL source: write the fix as a SQL script to review (one transaction), change nothing",
        conflicts: ["output"],
      },
      {
        name: "apply",
        sql: true,
        help: "SQL source: run the fix in one transaction and print what changed",
        conflicts: ["output", "sql"],
      },
      ...SQL_WHERE,
      DRY_RUN,
      ...WHERE,
      HELP,
    ],
  },
  "gen-export": {
    about: "Generate a synthetic Convex export with Better Auth data (tests, demos, benchmarks)",
    usage: "authcore gen-export [OPTIONS] --output <OUTPUT>",
    args: [],
    options: [
      { name: "users", value: "USERS", help: "Number of auth users", def: "100" },
      { name: "seed", value: "SEED", help: "PRNG seed", def: "1" },
      {
        name: "inject",
        value: "INJECT",
        help: "Finding codes to inject, comma-separated (e.g. AUTH_USER_WITHOUT_APP_USER,MULTIPLE_JWKS)",
        multiple: true,
      },
      { name: "level", value: "LEVEL", help: "Deflate level 0-9", def: "1" },
      { name: "output", short: "o", value: "OUTPUT", help: "Output ZIP", required: true },
      HELP,
    ],
  },
};

const FIX_COMMANDS = {
  "set-password": {
    about: "Create or update the user's credential account; the password is read from stdin",
    usage: "--email <EMAIL> --password-stdin",
    options: [
      EMAIL,
      { name: "password-stdin", help: "Read the password from stdin (required: never on the command line)", required: true },
      DRY_RUN,
      HELP,
    ],
  },
  "delete-user": {
    about: "Delete the auth user, their accounts, sessions and other component rows, and their app row",
    usage: "--email <EMAIL>",
    options: [
      EMAIL,
      { name: "keep-app-row", help: 'Keep the app table\'s row (sync policy onDelete "keep")', conflicts: ["soft-delete"] },
      { name: "soft-delete", help: 'Set deletedAt on the app row instead of deleting it (onDelete "soft-delete")' },
      DRY_RUN,
      HELP,
    ],
  },
  sync: {
    about: "Apply the sync decision to every auth user (create, link or update app rows)",
    usage: "",
    options: [
      { name: "admin-email", value: "ADMIN_EMAIL", help: "An email whose app row gets the policy's admin fields (repeatable)", multiple: true },
      { name: "policy", value: "POLICY", help: "A JSON file with a SyncPolicy (camelCase keys, as in the npm package)" },
      DRY_RUN,
      HELP,
    ],
  },
  "create-user": {
    about: "Create an auth user, a credential account and a linked app row",
    usage: "--email <EMAIL> --name <NAME> --password-stdin",
    options: [
      EMAIL,
      { name: "name", value: "NAME", help: "", required: true },
      { name: "admin", help: 'Give the app row role "admin"' },
      { name: "password-stdin", help: "Read the password from stdin (required)", required: true },
      DRY_RUN,
      HELP,
    ],
  },
  "float-numbers": {
    about: "Write integers as floats where import wants float64 (_creationTime, v.number() fields)",
    usage: "",
    options: [DRY_RUN, HELP],
  },
  "drop-sessions": { about: "Empty the session table", usage: "", options: [DRY_RUN, HELP] },
  "drop-jwks": { about: "Empty the jwks table", usage: "", options: [DRY_RUN, HELP] },
};
for (const [name, c] of Object.entries(FIX_COMMANDS)) {
  c.usage = `authcore fix ${name} [OPTIONS]${c.usage ? " " + c.usage : ""}`;
  c.args = [];
}

const TOP_HELP = `Better Auth-compatible auth core (npm package: doctor, fix and gen-export; the native \`authcore\` binary also has password and token)

Usage: authcore <COMMAND>

${section("Commands", [
  ["doctor", SPECS.doctor.about],
  ["fix", SPECS.fix.about],
  ["gen-export", SPECS["gen-export"].about],
  ["help", "Print this message or the help of the given subcommand(s)"],
])}
${section("Options", [
  ["-h, --help", "Print help"],
  ["-V, --version", "Print version"],
])}`;

// clap's help layout (clap_builder's HelpTemplate, no terminal: 100 columns): each help text on
// the label's line, or, when any would pass the width and the labels take over 40% of it,
// every help text on the next line, indented by 10.
function section(title, rows) {
  const longest = Math.max(...rows.map(([l]) => l.length));
  const taken = longest + 4 + 4; // clap's TAB before the label and between label and help
  const nextLine = taken / TERM_WIDTH > 0.4 && rows.some(([, h]) => h.length > TERM_WIDTH - taken);
  if (nextLine) {
    return `${title}:\n${rows.map(([l, h]) => `  ${l}${h ? `\n          ${h}` : ""}`).join("\n")}\n`;
  }
  const width = longest + 2;
  return `${title}:\n${rows.map(([l, h]) => `  ${l.padEnd(width)}${h}`).join("\n")}\n`;
}

function optionLabel(o) {
  const long = `--${o.name}${o.value ? ` <${o.value}>` : ""}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

function argLabel(a) {
  return a.optional ? `[${a.value}]` : `<${a.value}>`;
}

function renderHelp(spec, commands) {
  let out = `${spec.about}\n\nUsage: ${spec.usage}\n\n`;
  if (commands) {
    const rows = Object.entries(commands).map(([n, c]) => [n, c.about]);
    rows.push(["help", "Print this message or the help of the given subcommand(s)"]);
    out += section("Commands", rows) + "\n";
  }
  if (spec.args.length) out += section("Arguments", spec.args.map((a) => [argLabel(a), a.help])) + "\n";
  out += section(
    "Options",
    spec.options.map((o) => [optionLabel(o), o.def !== undefined ? `${o.help} [default: ${o.def}]` : o.help]),
  );
  return out;
}

// ---- errors ----

class UsageError extends Error {
  constructor(message, usage) {
    super(message);
    this.usage = usage;
  }
}

function fail(message, usage) {
  throw new UsageError(message, usage);
}

/** An I/O error, coded and worded like the core's `Error::ExportIo`. */
function ioError(path, e) {
  return new AuthError("ERR_EXPORT_IO", `reading or writing the export failed: ${path}: ${e?.message ?? e}`, {
    cause: e,
  });
}

function invalidArgument(why) {
  return new AuthError("ERR_INVALID_ARGUMENT", `invalid argument: ${why}`);
}

// ---- parsing (node:util parseArgs, with clap's rules on repeats and required options) ----

function parse(spec, argv) {
  const options = {};
  for (const o of spec.options) {
    options[o.name] = { type: o.value ? "string" : "boolean", multiple: !!o.multiple };
    if (o.short) options[o.name].short = o.short;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    fail(parseArgsMessage(e, argv), spec.usage);
  }
  if (parsed.values.help) return { help: true };
  const seen = new Set();
  for (const t of parsed.tokens) {
    if (t.kind !== "option") continue;
    const o = spec.options.find((x) => x.name === t.name);
    if (!o?.multiple && seen.has(t.name)) {
      fail(`the argument '${optionLabel(o).trim()}' cannot be used multiple times`, spec.usage);
    }
    seen.add(t.name);
  }
  for (const o of spec.options) {
    for (const c of o.conflicts ?? []) {
      if (parsed.values[o.name] !== undefined && parsed.values[c] !== undefined) {
        const other = spec.options.find((x) => x.name === c);
        fail(`the argument '${optionLabel(o).trim()}' cannot be used with '${optionLabel(other).trim()}'`, spec.usage);
      }
    }
  }
  const missing = spec.options.filter((o) => o.required && parsed.values[o.name] === undefined);
  const missingArgs = spec.args.slice(parsed.positionals.length).filter((a) => !a.optional);
  if (missing.length || missingArgs.length) {
    const list = [...missing.map((o) => `  ${optionLabel(o).trim()}`), ...missingArgs.map((a) => `  <${a.value}>`)];
    fail(`the following required arguments were not provided:\n${list.join("\n")}`, spec.usage);
  }
  const extra = parsed.positionals.slice(spec.args.length);
  if (extra.length) fail(`unexpected argument '${extra[0]}' found`, spec.usage);
  const values = { ...parsed.values };
  for (const o of spec.options) {
    if (values[o.name] === undefined && o.def !== undefined) values[o.name] = o.def;
  }
  return { values, positionals: parsed.positionals };
}

function parseArgsMessage(e, argv) {
  const m = /'(-[^' ]*)/.exec(e.message);
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unexpected argument '${m ? m[1] : argv.find((a) => a.startsWith("-"))}' found`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return `a value is required for '${m ? m[1] : "an option"}' but none was supplied`;
    default:
      return e.message;
  }
}

/**
 * `fix`, split as clap splits it: the parent's options and its one positional (INPUT); the second
 * positional is the command, and everything after it belongs to the command.
 */
function splitFix(argv) {
  const withValue = new Set([
    "-o",
    "--output",
    "--sql",
    ...[...WHERE, ...SQL_WHERE].map((w) => `--${w.name}`),
  ]);
  const options = [];
  const positionals = [];
  let literal = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!literal && a === "--") {
      literal = true;
    } else if (!literal && withValue.has(a)) {
      options.push(a);
      if (i + 1 < argv.length) options.push(argv[++i]);
    } else if (!literal && a.startsWith("-") && a !== "-") {
      options.push(a);
    } else if (positionals.push(a) === 2) {
      return { options, parent: [...options, "--", positionals[0]], command: a, rest: argv.slice(i + 1) };
    }
  }
  return { options, parent: [...options, "--", ...positionals], command: undefined, rest: [] };
}

// ---- files ----

/**
 * What the argument (or the URL in the environment variable `--database-url-env` names) is:
 * `{ kind: "zip" | "sqlite" | "postgres", target }`, decided by the core from its text and, for
 * a file, its first 16 bytes (as the native CLI does).
 */
function sourceArg(arg, v, missing) {
  let text = arg;
  const env = v["database-url-env"];
  if (env !== undefined) {
    text = process.env[env];
    if (text === undefined) throw invalidArgument(`the environment variable ${env} is not set`);
  } else if (arg === undefined) {
    fail(`the following required arguments were not provided:\n  <${missing[0]}>`, missing[1]);
  }
  let head;
  try {
    const fd = openSync(text, "r");
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    closeSync(fd);
    if (n === 16) head = buf;
  } catch {} // unreadable files are reported where they are opened
  return sourceOf(text, head);
}

/** The SQL doctor's options from the command line's, as the native CLI reads them. */
function sqlOptions(v) {
  let schemaMap;
  if (v["schema-map"] !== undefined) {
    try {
      schemaMap = readFileSync(v["schema-map"], "utf8");
    } catch (e) {
      throw ioError(v["schema-map"], e);
    }
  }
  return {
    betterAuthVersion: v["better-auth-version"],
    plugins: v.plugins === undefined ? undefined : v.plugins.flatMap((p) => p.split(",")),
    schemaMap,
    now: performance.timeOrigin + performance.now(),
  };
}

function fileSource(path) {
  let fd;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw ioError(path, e);
  }
  const size = fstatSync(fd).size;
  const window = Buffer.allocUnsafe(IO_WINDOW);
  return {
    size,
    read(offset, length) {
      const buf = length <= window.length ? window : Buffer.allocUnsafe(length);
      let n = 0;
      while (n < length) {
        const r = readSync(fd, buf, n, length - n, offset + n);
        if (r === 0) break;
        n += r;
      }
      return buf.subarray(0, n);
    },
    close: () => closeSync(fd),
  };
}

function fdSink(fd) {
  return {
    write(offset, bytes) {
      let n = 0;
      while (n < bytes.length) n += writeSync(fd, bytes, n, bytes.length - n, offset + n);
    },
  };
}

function realpathOrNull(p) {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** Write through a temporary file in the destination's directory, renamed at the end. */
function writeAtomically(dest, inputs, write) {
  const dir = dirname(dest);
  const real = realpathOrNull(dest);
  if (real !== null && inputs.some((i) => realpathOrNull(i) === real)) {
    throw invalidArgument("the output must not be the input");
  }
  const tmp = join(dir, `.${basename(dest) || "out.zip"}.${process.pid}.tmp`);
  let fd;
  try {
    fd = openSync(tmp, "wx");
  } catch (e) {
    throw ioError(tmp, e);
  }
  try {
    write(fdSink(fd));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, dest);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {}
    throw e instanceof AuthError ? e : ioError(dest, e);
  }
}

// ---- commands ----

function progressLine(size) {
  if (size * 4 < PROGRESS_MIN_BYTES || !process.stderr.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
    if (pct !== last) {
      last = pct;
      process.stderr.write(`\r${pct}% of ${(total / 2 ** 20).toFixed(0)} MiB`);
    }
  };
}

async function doctor(argv) {
  const spec = SPECS.doctor;
  const a = parse(spec, argv);
  if (a.help) return help(spec);
  const v = a.values;
  const src = sourceArg(a.positionals[0], v, ["EXPORT", "authcore doctor <EXPORT>"]);
  const secret = v.secret ?? process.env.BETTER_AUTH_SECRET;
  if (src.kind !== "zip") {
    const r = await diagnoseSql(src.kind, src.target, { adminEmails: v["admin-email"] ?? [], secret, ...sqlOptions(v) });
    process.stdout.write(v.json ? r.json : r.text);
    return r.hasErrors ? 1 : 0;
  }
  const source = fileSource(src.target);
  const onProgress = progressLine(source.size);
  let r;
  try {
    r = diagnoseExport(source, {
      component: v.component,
      appTable: v["app-table"],
      linkField: v["link-field"],
      emailField: v["email-field"],
      adminEmails: v["admin-email"] ?? [],
      secret,
      onProgress,
    });
  } finally {
    if (onProgress) process.stderr.write("\r\x1b[K");
    source.close();
  }
  process.stdout.write(v.json ? r.json : r.text);
  return r.hasErrors ? 1 : 0;
}

function u64Arg(s, name) {
  if (!/^\+?[0-9]+$/.test(s) || BigInt(s) > 2n ** 64n - 1n) {
    fail(`invalid value '${s}' for '--${name} <${name.toUpperCase()}>': invalid digit found in string`);
  }
  return String(BigInt(s));
}

function genExport(argv) {
  const spec = SPECS["gen-export"];
  const a = parse(spec, argv);
  if (a.help) return help(spec);
  const v = a.values;
  const level = v.level;
  if (!/^[+-]?[0-9]+$/.test(level) || !Number.isSafeInteger(Number(level))) {
    fail(`invalid value '${level}' for '--level <LEVEL>': invalid digit found in string`, spec.usage);
  }
  const options = {
    users: u64Arg(v.users, "users"),
    seed: u64Arg(v.seed, "seed"),
    inject: (v.inject ?? []).flatMap((s) => s.split(",")).filter((c) => c !== ""),
    level: Number(level),
  };
  writeAtomically(v.output, [], (sink) => generateExport(options, sink));
  return 0;
}

async function fix(argv) {
  const { options, parent, command, rest } = splitFix(argv);
  const spec = SPECS.fix;
  if (options.includes("-h") || options.includes("--help")) return help(spec);
  if (command === "help") return FIX_COMMANDS[rest[0]] ? help(FIX_COMMANDS[rest[0]]) : help(spec);
  const sub = FIX_COMMANDS[command];
  if (command !== undefined && !sub) fail(`unrecognized subcommand '${command}'`, spec.usage);
  if (sub && (rest.includes("-h") || rest.includes("--help"))) return help(sub);
  const p = parse(spec, parent);
  if (!sub) fail("'authcore fix' requires a subcommand but one was not provided", spec.usage);
  const s = parse(sub, rest);
  return runFix(p, command, s);
}

/** A SyncPolicy JSON file, as the native CLI reads it. */
function readPolicy(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw ioError(path, e);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalidArgument(`${path}: ${e.message}`);
  }
}

/** The first line of stdin (at most PASSWORD_STDIN_CAP bytes read), as the native CLI reads it. */
async function readPassword() {
  const chunks = [];
  let n = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
    n += chunk.length;
    if (n >= PASSWORD_STDIN_CAP) break;
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks).subarray(0, PASSWORD_STDIN_CAP));
  } catch {
    throw invalidArgument("reading the password from stdin: stream did not contain valid UTF-8");
  }
  const line = text.split("\n")[0].replace(/\r$/, "");
  if (line === "") throw invalidArgument("empty password on stdin");
  return line;
}

async function runFix(p, command, s) {
  const v = p.values;
  const sv = s.values;
  const dryRun = Boolean(v["dry-run"] || sv["dry-run"]);
  let op;
  switch (command) {
    case "set-password":
      op = { op: command, email: sv.email, password: await readPassword() };
      break;
    case "delete-user":
      op = { op: command, email: sv.email, onDelete: sv["keep-app-row"] ? "keep" : sv["soft-delete"] ? "soft-delete" : "delete" };
      break;
    case "sync":
      op = { op: command, adminEmails: sv["admin-email"] ?? [] };
      if (sv.policy !== undefined) op.policy = readPolicy(sv.policy);
      break;
    case "create-user":
      op = { op: command, email: sv.email, name: sv.name, admin: Boolean(sv.admin), password: await readPassword() };
      break;
    default:
      op = { op: command };
  }
  const src = sourceArg(p.positionals[0], v, ["INPUT", "authcore fix <INPUT> <COMMAND>"]);
  if (src.kind !== "zip") return sqlFix(src, v, op, dryRun);
  const input = src.target;
  if (v.output === undefined) throw invalidArgument("-o/--output is required to fix a Convex export");
  const source = fileSource(input);
  try {
    const plan = planExportFix(source, op, {
      component: v.component,
      appTable: v["app-table"],
      linkField: v["link-field"],
      emailField: v["email-field"],
      now: performance.timeOrigin + performance.now(),
    });
    try {
      process.stdout.write(plan.actions.map((a) => `${dryRun ? "would " : ""}${a}\n`).join(""));
      if (dryRun) return 0;
      writeAtomically(v.output, [input], (sink) => plan.apply(sink));
    } finally {
      plan.discard();
    }
  } finally {
    source.close();
  }
  process.stdout.write(`wrote ${v.output}\n`);
  return 0;
}

/**
 * `fix` on a SQLite file or a Postgres database: plan on a read-only connection, then write the
 * script (`--sql`), print it (`--dry-run`) or run it in one transaction (`--apply`), printing
 * what the native CLI prints.
 */
async function sqlFix(src, v, op, dryRun) {
  if (v.sql === undefined && !v.apply && !dryRun) {
    throw invalidArgument("on a SQL database, fix needs --sql out.sql (a script to review) or --apply");
  }
  const plan = await planSqlFix(src.kind, src.target, op, sqlOptions(v));
  process.stdout.write(plan.statements.map((st) => `${v.apply ? "" : "would "}${st.what}\n`).join(""));
  if (v.sql !== undefined) {
    const bytes = Buffer.from(plan.script, "utf8");
    writeAtomically(v.sql, [], (sink) => sink.write(0, bytes));
    process.stdout.write(`wrote ${v.sql} (${plan.statements.length} statements, one transaction)\n`);
  }
  if (v.apply && !dryRun) {
    const changed = await applySqlFix(src.kind, src.target, plan);
    plan.statements.forEach((st, i) => {
      const n = changed[i];
      process.stdout.write(`changed ${n} row${n === 1 ? "" : "s"}: ${st.what}\n`);
    });
    process.stdout.write("committed\n");
  }
  return 0;
}

function help(spec) {
  process.stdout.write(renderHelp(spec, spec === SPECS.fix ? FIX_COMMANDS : undefined));
  return 0;
}

function version() {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return `authcore ${pkg.version}\n`;
}

async function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case "doctor":
      return doctor(rest);
    case "fix":
      return fix(rest);
    case "gen-export":
      return genExport(rest);
    case "-h":
    case "--help":
      process.stdout.write(TOP_HELP);
      return 0;
    case "help":
      if (SPECS[rest[0]]) return help(SPECS[rest[0]]);
      process.stdout.write(TOP_HELP);
      return 0;
    case "-V":
    case "--version":
      process.stdout.write(version());
      return 0;
    case undefined:
      process.stderr.write(TOP_HELP);
      return 2;
    default:
      fail(
        command === "password" || command === "token"
          ? `'${command}' is in the native authcore binary only (cargo install); the npm package's CLI has doctor, fix and gen-export`
          : `unrecognized subcommand '${command}'`,
        "authcore <COMMAND>",
      );
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(
      `error: ${e.message}\n\n${e.usage ? `Usage: ${e.usage}\n\n` : ""}For more information, try '--help'.\n`,
    );
  } else if (e instanceof AuthError) {
    process.stderr.write(`authcore: ${e.message} (${e.code})\n`);
  } else {
    process.stderr.write(`authcore: ${e?.stack ?? e}\n`);
  }
  process.exitCode = 2;
}
