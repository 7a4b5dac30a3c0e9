// Helpers shared by the fan-out and history benchmarks: scratch databases, percentiles, the machine line.
import os from "node:os";
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
