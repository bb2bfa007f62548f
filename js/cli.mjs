#!/usr/bin/env node
// `npx authcore doctor | fix | gen-export | password | token`: the npm package's command line, for
// Convex and SQL (SQLite, Postgres) developers who have Node but not Rust. The arguments are parsed by the native
// `authcore` binary's own clap definition (src/cli.rs, compiled into the tooling WASM:
// `parseCommandLine`), so help, version and usage errors are clap's text byte for byte; each
// command then runs the same core through WASM, with files and databases through Node.
// `password` and `token` run the binary's own code for them (src/command.rs) in the
// authcore/passwords and authcore/keys WASM, loaded only for those commands.
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
import { AuthError, diagnoseExport, generateExport, parseCommandLine, planExportFix } from "./doctor/index.node.mjs";
import { applySqlFix, diagnoseSql, planSqlFix, sourceOf } from "./sql.mjs";

// Mirrors of the native CLI's constants (src/bin/authcore/doctor.rs).
/** Exports at least this large get a progress line (when stderr is a terminal). */
const PROGRESS_MIN_BYTES = 64 * 2 ** 20;
/** Longest password read from stdin, in bytes (4 × the core's password length ceiling + 2). */
const PASSWORD_STDIN_CAP = 4 * 4096 + 2;
/** Read and write window for files. */
const IO_WINDOW = 1 << 20;

// ---- errors ----

/** An I/O error, coded and worded like the core's `Error::ExportIo`. */
function ioError(path, e) {
  return new AuthError("ERR_EXPORT_IO", `reading or writing the export failed: ${path}: ${e?.message ?? e}`, {
    cause: e,
  });
}

function invalidArgument(why) {
  return new AuthError("ERR_INVALID_ARGUMENT", `invalid argument: ${why}`);
}

// ---- files ----

/**
 * What the argument (or the URL in the environment variable `--database-url-env` names) is:
 * `{ kind: "zip" | "sqlite" | "postgres", target }`, decided by the core from its text and, for
 * a file, its first 16 bytes (as the native CLI does).
 */
function sourceArg(arg, v) {
  let text = arg;
  const env = v["database-url-env"];
  if (env !== undefined) {
    text = process.env[env];
    if (text === undefined) throw invalidArgument(`the environment variable ${env} is not set`);
  } else if (arg === undefined) {
    throw invalidArgument("no source given");
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

async function doctor(v) {
  const src = sourceArg(v.export, v);
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

function genExport(v) {
  const options = {
    users: v.users,
    seed: v.seed,
    inject: v.inject.filter((c) => c !== ""),
    level: v.level,
  };
  writeAtomically(v.output, [], (sink) => generateExport(options, sink));
  return 0;
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

/**
 * Standard input, synchronously: at most `max` bytes, or (`line`) up to the chunk holding the
 * first newline. What the native binary's `read_until` / `read_to_end` read, for src/command.rs.
 */
function readStdinSync(max, line) {
  const chunks = [];
  const buf = Buffer.alloc(64 * 1024);
  let n = 0;
  try {
    while (n < max) {
      let r;
      try {
        r = readSync(0, buf, 0, Math.min(buf.length, max - n), null);
      } catch (e) {
        if (e.code === "EAGAIN") {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // a non-blocking stdin
          continue;
        }
        if (e.code === "EOF") break;
        throw invalidArgument(`reading stdin: ${e.message}`);
      }
      if (r === 0) break;
      const chunk = Buffer.from(buf.subarray(0, r));
      chunks.push(chunk);
      n += r;
      if (line && chunk.includes(10)) break;
    }
    return Buffer.concat(chunks);
  } finally {
    buf.fill(0);
    for (const c of chunks) c.fill(0);
  }
}

/** A file's text for a command, or why it could not be read, worded as Rust's io::Error. */
function fileFor(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    // "ENOENT: no such file or directory, open 'x'" → "No such file or directory (os error 2)"
    const m = /^[A-Z]+: ([^,]+)/.exec(e?.message ?? "");
    const text = m ? m[1][0].toUpperCase() + m[1].slice(1) : String(e?.message ?? e);
    return { error: typeof e?.errno === "number" ? `${text} (os error ${Math.abs(e.errno)})` : text };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { error: "stream did not contain valid UTF-8" };
  }
}

/**
 * What a `password` or `token` command reads (`reads`, from parseCommandLine: src/command.rs
 * says which bytes of stdin, which variables, which files), read now, before the core runs.
 */
function commandIo(reads) {
  const io = { env: {}, files: {}, now: Date.now() };
  if (reads.stdin) io.stdin = readStdinSync(reads.stdin.max, reads.stdin.line);
  for (const name of reads.env) if (process.env[name] !== undefined) io.env[name] = process.env[name];
  for (const path of reads.files) io.files[path] = fileFor(path);
  return io;
}

/** `authcore password …`: src/command.rs in the authcore/passwords WASM. */
async function password(args, reads) {
  const { runPasswordCommand } = await import("./passwords/index.node.mjs");
  const { stdin } = commandIo(reads);
  try {
    return printed(runPasswordCommand(args, { stdin }));
  } finally {
    stdin?.fill(0);
  }
}

/** `authcore token …`: src/command.rs in the authcore/keys WASM. */
async function token(args, reads) {
  const { runTokenCommand } = await import("./keys/index.node.mjs");
  return printed(runTokenCommand(args, commandIo(reads)));
}

/** Print a command's stdout; its exit code. */
function printed({ stdout, exitCode }) {
  process.stdout.write(stdout);
  return exitCode;
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

async function fix(v) {
  const sv = v.op;
  const command = sv.op;
  const dryRun = v["dry-run"];
  let op;
  switch (command) {
    case "set-password":
      op = { op: command, email: sv.email, password: await readPassword() };
      break;
    case "delete-user":
      op = { op: command, email: sv.email, onDelete: sv["keep-app-row"] ? "keep" : sv["soft-delete"] ? "soft-delete" : "delete" };
      break;
    case "sync":
      op = { op: command, adminEmails: sv["admin-email"] };
      if (sv.policy !== undefined) op.policy = readPolicy(sv.policy);
      break;
    case "create-user":
      op = { op: command, email: sv.email, name: sv.name, admin: Boolean(sv.admin), password: await readPassword() };
      break;
    default:
      op = { op: command };
  }
  const src = sourceArg(v.input, v);
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
  if (v["sql-out"] === undefined && !v.apply && !dryRun) {
    throw invalidArgument("on a SQL database, fix needs --sql out.sql (a script to review) or --apply");
  }
  const plan = await planSqlFix(src.kind, src.target, op, sqlOptions(v));
  process.stdout.write(plan.statements.map((st) => `${v.apply ? "" : "would "}${st.what}\n`).join(""));
  if (v["sql-out"] !== undefined) {
    const bytes = Buffer.from(plan.script, "utf8");
    writeAtomically(v["sql-out"], [], (sink) => sink.write(0, bytes));
    process.stdout.write(`wrote ${v["sql-out"]} (${plan.statements.length} statements, one transaction)\n`);
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

/** clap's nulls (an option not given) as undefined, the way the commands test for them. */
function given(args) {
  const out = {};
  for (const [k, v] of Object.entries(args)) {
    if (v !== null) out[k] = typeof v === "object" && !Array.isArray(v) ? given(v) : v;
  }
  return out;
}

async function main(argv) {
  const parsed = parseCommandLine(argv);
  if (parsed.print !== undefined) {
    (parsed.stderr ? process.stderr : process.stdout).write(parsed.print);
    return parsed.exitCode;
  }
  switch (parsed.command) {
    case "password":
      return password(parsed.args, parsed.reads);
    case "token":
      return token(parsed.args, parsed.reads);
  }
  const args = given(parsed.args ?? {});
  switch (parsed.command) {
    case "doctor":
      return doctor(args);
    case "fix":
      return fix(args);
    case "gen-export":
      return genExport(args);
    default:
      throw new AuthError("ERR_INTERNAL", `unknown command ${parsed.command}`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof AuthError) {
    process.stderr.write(`authcore: ${e.message} (${e.code})\n`);
  } else {
    process.stderr.write(`authcore: ${e?.stack ?? e}\n`);
  }
  process.exitCode = 2;
}
