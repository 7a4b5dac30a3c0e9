// Helpers shared by the benchmarks: scratch databases, percentiles, the machine and git lines.
import { io as connect, type Socket } from "socket.io-client";
import { execFileSync, execSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";

export const DEFAULT_BASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** A setting from the environment (NAME=value) or a flag (--name=value), else the default. */
export function setting(name: string, fallback: number): number {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name.toLowerCase()}=`));
  const raw = flag ? flag.slice(flag.indexOf("=") + 1) : process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/** Read once at start: the benchmarks later point DATABASE_URL at their scratch database for the app code. */
const base = process.env.DATABASE_URL ?? DEFAULT_BASE_URL;

export function baseUrl(): string {
  if (!base.startsWith("postgres"))
    throw new Error("DATABASE_URL must name a PostgreSQL server (a scratch database is created next to it).");
  return base;
}

export async function adminQuery(sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: baseUrl() });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the server DATABASE_URL names. */
export function databaseUrl(name: string): string {
  const url = new URL(baseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function databaseExists(name: string): Promise<boolean> {
  return (await adminQuery("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
}

export async function createDatabase(name: string) {
  await adminQuery(`CREATE DATABASE "${name}"`);
}

export async function dropDatabase(name: string) {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await client.end();
  }
}

export function machineLine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;
}

/** The commit and how many files differ from it now (a build may be of a working tree in flux). */
export function gitLine(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const changed = execFileSync("git", ["status", "--porcelain"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    })
      .split("\n")
      .filter(Boolean).length;
    return `git ${head}${changed ? ` (working tree now: ${changed} changed files; the build may be of an earlier state)` : ""}`;
  } catch {
    return "git unknown";
  }
}

export const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

export const benchCommunityId = "bench-community";
export const benchChannelId = "bench-channel";
/** u0000001 … u<n>: sortable, readable user ids (the app accepts any id up to 64 characters). */
export const benchUserId = (n: number) => `u${String(n).padStart(7, "0")}`;

/**
 * `users` users, all members of one community (u0000001 its owner, the rest plain members) with one
 * General channel. Raw SQL naming only the columns it needs, so columns added later with defaults
 * do not break it.
 */
export async function seedCommunity(client: pg.Client, users: number) {
  await client.query(`
    INSERT INTO "User" ("id", "username", "displayName", "passwordHash", "communityCount")
    SELECT 'u' || lpad(i::text, 7, '0'), 'user' || i, 'User ' || i, 'x', 1 FROM generate_series(1, ${users}) AS i;
    INSERT INTO "Community" ("id", "name", "ownerId", "memberCount", "channelCount", "updatedAt")
    VALUES ('${benchCommunityId}', 'Bench', 'u0000001', ${users}, 1, now());
    INSERT INTO "Channel" ("id", "communityId", "name", "kind", "position", "mutedRoles")
    VALUES ('${benchChannelId}', '${benchCommunityId}', 'general', 'GENERAL', 0, '{}');
    INSERT INTO "Member" ("communityId", "userId", "role", "sortName")
    SELECT '${benchCommunityId}', u."id", CASE WHEN u."id" = 'u0000001' THEN 'OWNER'::"Role" ELSE 'MEMBER'::"Role" END, lower(u."displayName")
    FROM "User" u;`);
}

/**
 * Ctrl-C / SIGTERM: run the cleanup once, then exit. Stays registered, so the second SIGINT that tsx
 * relays to its child (besides the terminal's own) does not cut the cleanup short.
 */
export function onInterrupt(cleanup: () => Promise<void>) {
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

/** Message texts of mixed shapes (markdown, code, quotes, lists) for seeded histories. */
export const sampleLines = [
  "Morning! Did anyone look at the release notes?",
  "**Heads-up:** the staging deploy is at 3 pm, please merge before that.",
  "I think the `listMessages` change fixed it, see [the PR](https://example.com/pr/42).",
  "> quoted from earlier\nand my answer below it",
  "```ts\nconst page = await listMessages(actor, { channelId, before });\n```",
  "- first point\n- second point\n- third point",
  "ok 👍",
  "Has anyone tried the new search? It finds messages in private channels only for their members, as it should.",
];

/** Signed-in users' session JWTs: one session row each (lib/domain/sessions.ts) and the JWT naming it. */
export async function benchSessionTokens(
  url: string,
  users: { id: string; name: string }[],
  secret: string,
): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sids = users.map(() => randomUUID());
  try {
    await client.query(`INSERT INTO "UserSession" ("id", "userId") SELECT * FROM unnest($1::text[], $2::text[])`, [
      sids,
      users.map((user) => user.id),
    ]);
  } finally {
    await client.end();
  }
  return Promise.all(
    users.map((user, i) => encode({ token: { sub: user.id, name: user.name, sid: sids[i] }, secret })),
  );
}

/** The soft open-file limit of this process (each socket holds a descriptor); NaN if unknown. */
export function fileDescriptorLimit(): number {
  try {
    return Number(execSync("ulimit -Sn", { shell: "/bin/sh" }).toString().trim());
  } catch {
    return NaN;
  }
}

/** Clock ticks per second of /proc's CPU times. */
let ticksPerSecond = 0;
function clockTicks(): number {
  if (!ticksPerSecond) ticksPerSecond = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
  return ticksPerSecond;
}

/** utime, stime, cutime, cstime of a /proc/<pid>/stat line, in ticks; null if the process is gone. */
function procTimes(pid: number | string): { comm: string; times: number[] } | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // after "pid (comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    times: [11, 12, 13, 14].map((i) => Number(fields[i])),
  };
}

/** CPU seconds (user + system, /proc/<pid>/stat utime + stime) a process has used so far; NaN if unknown. */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = procTimes(pid);
    return stat ? (stat.times[0] + stat.times[1]) / clockTicks() : NaN;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds used so far by this machine's PostgreSQL processes, exited backends included (Linux
 * /proc: the postmaster's own and its children's reaped time); NaN elsewhere.
 */
export function postgresCpuSeconds(): number {
  try {
    let total = 0;
    for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      const stat = procTimes(pid); // null: gone meanwhile
      if (stat?.comm !== "postgres") continue;
      total += stat.times.reduce((sum, ticks) => sum + ticks, 0);
    }
    return total / clockTicks();
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------- child processes

export type BenchChild = {
  process: ChildProcess;
  next: <T>(type: string) => Promise<T>;
  send: (message: object) => void;
};
/** Every child started by `benchChild` that has not exited yet (a cleanup kills them). */
export const runningChildren = new Set<ChildProcess>();

/**
 * `node --import tsx <args>` with an IPC channel, optionally `taskset` to `cpu` (taskset execs node:
 * the child's pid is node's). `next(type)` waits for the child's next message of that type.
 */
export function benchChild(args: string[], env: Record<string, string>, cpu: string | null): BenchChild {
  const command = cpu ? "taskset" : process.execPath;
  const argv = [...(cpu ? ["-c", cpu, process.execPath] : []), "--import", "tsx", ...args];
  const spawned = spawn(command, argv, {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, ...env },
  });
  runningChildren.add(spawned);
  const waiters: { type: string; resolve: (message: never) => void; reject: (error: Error) => void }[] = [];
  spawned.on("message", (message: { type: string }) => {
    const index = waiters.findIndex((w) => w.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0].resolve(message as never);
  });
  spawned.once("exit", (code, signal) => {
    runningChildren.delete(spawned);
    for (const w of waiters.splice(0))
      w.reject(new Error(`${args.join(" ")} exited (${signal ?? code}) waiting for ${w.type}`));
  });
  return {
    process: spawned,
    next: <T>(type: string) =>
      new Promise<T>((resolve, reject) => void waiters.push({ type, resolve, reject } as never)),
    send: (message) => spawned.send(message),
  };
}

/** Sends `{type}` (and `extra`) to a child and waits for its answer of the same type. */
export async function ask<T>(target: BenchChild, type: string, extra: object = {}): Promise<T> {
  const reply = target.next<T>(type);
  target.send({ ...extra, type });
  return reply;
}

/**
 * Runs a bench's `main`; at its end, on an error or on Ctrl-C, kills `children` and drops the scratch
 * database (`database()` names it once it is made).
 */
export function runBench(
  main: () => Promise<void>,
  scratch: { children: Iterable<ChildProcess>; database: () => string | null },
) {
  const cleanUp = async () => {
    for (const child of scratch.children) child.kill("SIGKILL");
    const name = scratch.database();
    if (name) await dropDatabase(name).catch((error) => console.error(`could not drop ${name}: ${error}`));
  };
  onInterrupt(cleanUp);
  main()
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(async () => {
      await cleanUp();
      process.exit();
    });
}

/** A websocket-only Socket.IO client signed in with a session cookie, once connected. */
export async function signedInSocket(serverUrl: string, cookie: string): Promise<Socket> {
  const socket = connect(serverUrl, {
    transports: ["websocket"],
    extraHeaders: { origin: serverUrl, cookie },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** A process's resident memory, MB (Linux). */
export const residentMb = (pid: number | undefined) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

/** The built app (server.ts, production) as a child; resolves once it listens. Its output is kept for errors. */
export function startBuiltApp(settings: Record<string, string>, log: string[]): Promise<ChildProcess> {
  const env = { ...process.env, ...settings };
  // set in this process for seeding the embedded database; server.ts sets its own
  delete env.DATABASE_POOL_SIZE;
  delete env.DATABASE_KIND;
  const entry = path.join(process.env.NEXT_DIST_DIR || ".next", "app-server", "server.mjs");
  if (!fs.existsSync(entry)) throw new Error(`no bundled server in ${entry}: run npm run build first`);
  const child = spawn(process.execPath, [entry], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    log.push(...chunk.toString().split("\n").filter(Boolean));
    if (log.length > 200) log.splice(0, log.length - 200);
  };
  child.stderr!.on("data", keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the app did not start within 120 s")), 120_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      keep(chunk);
      if (chunk.toString().includes("is running at")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${code ?? signal}) before listening`));
    });
  });
}

export async function stopBuiltApp(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 12_000);
  await exited;
  clearTimeout(timer);
}
