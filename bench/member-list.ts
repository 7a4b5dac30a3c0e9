// Member list latency on a 100,000-member community, through the app's own query code.
//   DATABASE_URL=postgres://… npx tsx bench/member-list.ts [members=100000] [iterations=300]
// Creates a scratch database next to DATABASE_URL's, seeds it, measures, drops it.
import os from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations } from "../lib/postgres/migrate";

const members = Number(process.argv[2] ?? 100_000);
const iterations = Number(process.argv[3] ?? 300);
const base = process.env.DATABASE_URL;
if (!base?.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a PostgreSQL server (a scratch database is created next to it).");
  process.exit(2);
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const name = `bench_members_${Date.now()}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(base!);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  try {
    await applyMigrations(process.env.DATABASE_URL);
    const seed = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await seed.connect();
    const started = performance.now();
    await seed.query(`
      INSERT INTO "User" ("id", "username", "displayName", "passwordHash", "communityCount")
      SELECT 'u' || lpad(i::text, 7, '0'), 'user' || i, initcap(substr(md5(i::text), 1, 6)) || ' ' || substr(md5((i * 7)::text), 1, 5), 'x', 1
      FROM generate_series(1, ${members}) AS i;
      INSERT INTO "Community" ("id", "name", "ownerId", "memberCount", "channelCount", "updatedAt")
      VALUES ('bench', 'Bench', 'u0000001', ${members}, 0, now());
      INSERT INTO "Member" ("communityId", "userId", "role", "sortName")
      SELECT 'bench', u."id", CASE WHEN u."id" = 'u0000001' THEN 'OWNER'::"Role" WHEN u."id" <= 'u0000021' THEN 'ADMIN'::"Role" ELSE 'MEMBER'::"Role" END, lower(u."displayName")
      FROM "User" u;
      ANALYZE;`);
    const seedSeconds = (performance.now() - started) / 1000;
    const version = (await seed.query("SHOW server_version")).rows[0].server_version;
    await seed.end();

    // The app's code path: domain function → Prisma → adapter-pg.
    const { listMembers } = await import("../lib/domain/members");
    const { disconnectDb } = await import("../lib/db");
    const actor = { userId: "u0000500" };
    const communityId = "bench";

    // Cursors of the middle and the last page, found by walking the list once.
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMembers(actor, { communityId, cursor, limit: 100 });
      cursor = page.nextCursor ?? undefined;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    const middle = cursors[Math.floor(cursors.length / 2)];
    const last = cursors.at(-1);

    const cases: Array<[string, () => Promise<unknown>]> = [
      ["page 1 (100 members)", () => listMembers(actor, { communityId, limit: 100 })],
      [
        `middle page (${Math.floor(cursors.length / 2) + 2} of ${cursors.length + 1})`,
        () => listMembers(actor, { communityId, cursor: middle, limit: 100 }),
      ],
      [`last page (${cursors.length + 1})`, () => listMembers(actor, { communityId, cursor: last, limit: 100 })],
      ["search 'a' (common prefix)", () => listMembers(actor, { communityId, query: "a", limit: 100 })],
      ["search 'b3' (two letters)", () => listMembers(actor, { communityId, query: "b3", limit: 100 })],
      ["search 'f00d1' (rare)", () => listMembers(actor, { communityId, query: "f00d1", limit: 100 })],
      ["search 'zzz' (no match)", () => listMembers(actor, { communityId, query: "zzz", limit: 100 })],
    ];
    const rows: string[] = [];
    for (const [label, run] of cases) {
      for (let i = 0; i < 20; i++) await run(); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const t = performance.now();
        await run();
        samples.push(performance.now() - t);
      }
      samples.sort((x, y) => x - y);
      rows.push(
        `| ${label} | ${percentile(samples, 50).toFixed(2)} | ${percentile(samples, 95).toFixed(2)} | ${percentile(samples, 99).toFixed(2)} | ${samples.at(-1)!.toFixed(2)} |`,
      );
    }
    await disconnectDb();

    console.log(`\nMember list benchmark — ${new Date().toISOString()}`);
    console.log(
      `machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
    );
    console.log(
      `node ${process.version}; PostgreSQL ${version}; ${members.toLocaleString("en-US")} members (1 owner, 20 admins); seeded in ${seedSeconds.toFixed(1)} s`,
    );
    console.log(
      `${iterations} timed runs per case after 20 warm-up runs; one client, sequential; milliseconds through listMembers() (domain → Prisma 7 → adapter-pg)\n`,
    );
    console.log("| case | p50 ms | p95 ms | p99 ms | max ms |");
    console.log("|---|---|---|---|---|");
    for (const row of rows) console.log(row);
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
