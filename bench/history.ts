// Message history pages in a busy channel of 1,000,000 messages beside a quiet one of 200, through the
// app's own listMessages(), against the bare keyset SQL of the same pages in the same rounds.
//   npx tsx bench/history.ts
//   env: MESSAGES=1000000 (10000000 loads in a few minutes)  ITERATIONS=200  WARMUP=20
//        KEEP_DB=1 (keep and reuse the loaded database)  SQL_LOG=1 (print the statements of one page)
//        DATABASE_URL=postgres://…/postgres
// Creates a scratch database next to DATABASE_URL's (default postgres@127.0.0.1:5432), loads it with
// generate_series in SQL, measures the newest, middle and oldest pages, and drops it unless KEEP_DB=1.
// Both the app and the raw SQL use named (prepared) statements, so PostgreSQL may switch them to
// generic plans after five runs, as it does in production.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations } from "../lib/postgres/migrate";
import {
  benchChannelId,
  benchCommunityId,
  benchUserId,
  createDatabase,
  databaseExists,
  databaseUrl,
  dropDatabase,
  fmt,
  machineLine,
  onInterrupt,
  percentile,
  postgresVersion,
  seedCommunity,
  setting,
} from "./support";

const messages = setting("MESSAGES", 1_000_000);
const iterations = setting("ITERATIONS", 200);
const warmup = setting("WARMUP", 20);
const keep = process.env.KEEP_DB === "1";
const authors = 8;
const pageSize = 50;
/** One message every 3 s from 2025-01-01 00:00 UTC: each id has its own millisecond, so id order = time order. */
const startMs = Date.UTC(2025, 0, 1);
const spacingMs = 3_000;

if (messages < 2 * pageSize + 2) throw new Error(`MESSAGES must be at least ${2 * pageSize + 2}`);

const quietChannelId = "bench-quiet";
const quietMessages = 200;
const loadBatch = 1_000_000;

/**
 * Bulk load in SQL: ids are 26 digits, increasing with time like ULIDs (one message every 3 s), so
 * id order = time order; the busy channel's, then the quiet channel's, which are the newest.
 */
async function load(client: pg.Client) {
  await seedCommunity(client, authors);
  await client.query(
    `INSERT INTO "Channel" ("id", "communityId", "name", "kind", "position", "mutedRoles")
     VALUES ($1, $2, 'quiet', 'PUBLIC', 1, '{}')`,
    [quietChannelId, benchCommunityId],
  );
  const insert = (channelId: string, from: number, to: number) =>
    client.query(
      `INSERT INTO "Message" ("id", "channelId", "authorId", "content", "createdAt")
       SELECT lpad(n::text, 26, '0'), $1, 'u' || lpad((1 + (n % ${authors}))::text, 7, '0'),
              'Message ' || n || ': ' || substr(md5(n::text), 1, 10 + (n % 23)::int),
              $4::timestamp + (n * ${spacingMs}) * interval '1 millisecond'
         FROM generate_series($2::bigint, $3::bigint - 1) AS n`,
      [channelId, from, to, new Date(startMs).toISOString().replace("Z", "")],
    );
  for (let from = 0; from < messages; from += loadBatch) {
    const to = Math.min(messages, from + loadBatch);
    await insert(benchChannelId, from, to);
    process.stdout.write(`  loaded ${to.toLocaleString("en-US")} messages\r`);
  }
  await insert(quietChannelId, messages, messages + quietMessages);
  process.stdout.write("\n");
  await client.query(`VACUUM (ANALYZE) "Message"`);
  await client.query(`ANALYZE`);
}

/** Counts SQL statements sent through pg (the pool behind Prisma's adapter uses this very class). */
let statements = 0;
let logStatements = false;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  if (logStatements) {
    const first = args[0] as string | { text?: string };
    console.log(
      `    sql: ${(typeof first === "string" ? first : (first?.text ?? "?")).replace(/\s+/g, " ").slice(0, 160)}`,
    );
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

async function main() {
  const name = keep ? `bench_history_keep_${messages}` : `bench_history_${Date.now()}`;
  const url = databaseUrl(name);
  if (!keep) onInterrupt(() => dropDatabase(name));
  let loadSeconds: number | null = null;
  try {
    const reuse = keep && (await databaseExists(name));
    if (!reuse) await createDatabase(name);
    const migrateStarted = performance.now();
    await applyMigrations(url);
    const migrateSeconds = (performance.now() - migrateStarted) / 1000;

    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {}); // terminated by the DROP DATABASE … WITH (FORCE) of a Ctrl-C
    await client.connect();
    const existing = reuse
      ? Number(
          (await client.query(`SELECT count(*) AS n FROM "Message" WHERE "channelId" = $1`, [benchChannelId])).rows[0]
            .n,
        )
      : 0;
    if (existing !== messages) {
      if (existing > 0)
        throw new Error(
          `Kept database ${name} holds ${existing} messages, not ${messages}: drop it (DROP DATABASE "${name}") and run again.`,
        );
      console.log(`Loading ${messages.toLocaleString("en-US")} messages into ${name} …`);
      const started = performance.now();
      await load(client);
      loadSeconds = (performance.now() - started) / 1000;
    } else {
      await client.query(`ANALYZE`);
    }
    // Cursors by position from the oldest message (0-based).
    const idAt = async (position: number) =>
      (
        await client.query(`SELECT id FROM "Message" WHERE "channelId" = $1 ORDER BY id OFFSET $2 LIMIT 1`, [
          benchChannelId,
          position,
        ])
      ).rows[0].id as string;
    const middleIndex = Math.floor(messages / 2);
    const oldestId = await idAt(0);
    const fiftyFirstId = await idAt(pageSize);
    const middleId = await idAt(middleIndex);
    const newestId = await idAt(messages - 1);
    const quietNewestId = (
      await client.query(`SELECT max(id) AS id FROM "Message" WHERE "channelId" = $1`, [quietChannelId])
    ).rows[0].id as string;
    const size = (await client.query(`SELECT pg_size_pretty(pg_total_relation_size('"Message"')) AS s`)).rows[0]
      .s as string;

    const version = await postgresVersion(url);

    // The app's code path: domain function → Prisma 7 → adapter-pg.
    process.env.DATABASE_URL = url;
    const { listMessages } = await import("../lib/domain/messages");
    const { disconnectDb } = await import("../lib/db");
    const actor = { userId: benchUserId(2) }; // a plain member
    const channelId = benchChannelId;

    // The bare keyset SQL of each page (the same range of "channelKey" the app reads), named like the app's.
    const { LATEST_POSITION } = await import("../lib/unread");
    const { viewColumns: columns } = await import("../lib/domain/messages");
    const raw = (name: string, range: string, order: "ASC" | "DESC", values: unknown[]) => () =>
      client.query({
        name: `raw-${name}`,
        text: `SELECT ${columns} FROM "Message" WHERE ${range} AND "deletedAt" IS NULL ORDER BY "channelKey" ${order} LIMIT ${pageSize + 1}`,
        values,
      });
    const newestRange = `"channelKey" > $1 AND "channelKey" <= $1 || '${LATEST_POSITION}'`;
    const beforeRange = `"channelKey" > $1 AND "channelKey" < $1 || $2`;
    const afterRange = `"channelKey" > $1 || $2 AND "channelKey" <= $1 || '${LATEST_POSITION}'`;

    type Case = {
      label: string;
      run: () => ReturnType<typeof listMessages>;
      raw: () => Promise<unknown>;
      first: string;
      last: string;
      size?: number;
    };
    const cases: Case[] = [
      {
        label: "newest (no cursor)",
        run: () => listMessages(actor, { channelId, limit: pageSize }),
        raw: raw("newest", newestRange, "DESC", [channelId]),
        first: "",
        last: newestId,
      },
      {
        label: `middle (before #${middleIndex.toLocaleString("en-US")})`,
        run: () => listMessages(actor, { channelId, before: middleId, limit: pageSize }),
        raw: raw("before", beforeRange, "DESC", [channelId, middleId]),
        first: "",
        last: "",
      },
      {
        label: `middle (after #${middleIndex.toLocaleString("en-US")})`,
        run: () => listMessages(actor, { channelId, after: middleId, limit: pageSize }),
        raw: raw("after", afterRange, "ASC", [channelId, middleId]),
        first: "",
        last: "",
      },
      {
        label: `oldest (before #${pageSize}, the 51st oldest)`,
        run: () => listMessages(actor, { channelId, before: fiftyFirstId, limit: pageSize }),
        raw: raw("before", beforeRange, "DESC", [channelId, fiftyFirstId]),
        first: oldestId,
        last: "",
      },
      {
        label: "oldest (after #0, the oldest)",
        run: () => listMessages(actor, { channelId, after: oldestId, limit: pageSize }),
        raw: raw("after", afterRange, "ASC", [channelId, oldestId]),
        first: "",
        last: fiftyFirstId,
      },
      {
        label: `quiet channel beside it, newest (${quietMessages} messages)`,
        run: () => listMessages(actor, { channelId: quietChannelId, limit: pageSize }),
        raw: raw("newest", newestRange, "DESC", [quietChannelId]),
        first: "",
        last: "",
      },
      {
        label: "quiet channel, before its newest",
        run: () => listMessages(actor, { channelId: quietChannelId, before: quietNewestId, limit: pageSize }),
        raw: raw("before", beforeRange, "DESC", [quietChannelId, quietNewestId]),
        first: "",
        last: "",
      },
    ];

    // Each case once: right page, and how many SQL statements one page costs.
    const perPage = new Map<Case, number>();
    for (const c of cases) {
      const before = statements;
      logStatements = process.env.SQL_LOG === "1";
      if (logStatements) console.log(`  ${c.label}:`);
      const page = await c.run();
      logStatements = false;
      perPage.set(c, statements - before);
      const ids = page.messages.map((m) => m.id);
      const sorted = ids.every((id, i) => i === 0 || ids[i - 1] < id);
      if (ids.length !== pageSize || !sorted || (c.first && ids[0] !== c.first) || (c.last && ids.at(-1) !== c.last)) {
        throw new Error(`${c.label}: unexpected page (${ids.length} messages, first ${ids[0]}, last ${ids.at(-1)})`);
      }
    }

    // Warm-up, then timed rounds; each round runs every case once, in a rotating order, so noise
    // from other work on the machine lands on all cases alike.
    for (let i = 0; i < warmup; i++) {
      for (const c of cases) {
        await c.run();
        await c.raw();
      }
    }
    const samples = new Map<Case, number[]>(cases.map((c) => [c, []]));
    const rawSamples = new Map<Case, number[]>(cases.map((c) => [c, []]));
    for (let i = 0; i < iterations; i++) {
      for (let k = 0; k < cases.length; k++) {
        const c = cases[(i + k) % cases.length];
        let t = performance.now();
        await c.run();
        samples.get(c)!.push(performance.now() - t);
        t = performance.now();
        await c.raw();
        rawSamples.get(c)!.push(performance.now() - t);
      }
    }
    await disconnectDb();
    await client.end();

    type Stats = { p50: number; p95: number; p99: number; max: number };
    const summarize = (values: number[]): Stats => {
      const s = values.sort((x, y) => x - y);
      return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1)! };
    };
    const stats = new Map<Case, Stats>(cases.map((c) => [c, summarize(samples.get(c)!)]));
    const rawStats = new Map<Case, Stats>(cases.map((c) => [c, summarize(rawSamples.get(c)!)]));
    const newest = stats.get(cases[0])!;
    const oldest = stats.get(cases[3])!;
    const worstP99 = Math.max(...[...stats.values()].map((s) => s.p99));

    console.log(`\nMessage history benchmark — ${new Date().toISOString()}`);
    console.log(machineLine());
    console.log(`node ${process.version}; PostgreSQL ${version} on ${new URL(url).host}`);
    console.log(
      `${messages.toLocaleString("en-US")} messages in one channel and ${quietMessages} in a quiet one beside it (${authors} authors, one every ${spacingMs / 1000} s, time-ordered 26-digit ids); "Message" ${size}; ` +
        (loadSeconds === null
          ? `reused kept database ${name}`
          : `loaded in ${loadSeconds.toFixed(1)} s (then VACUUM ANALYZE)`) +
        `; migrations ${migrateSeconds.toFixed(1)} s`,
    );
    console.log(
      `${iterations} timed runs per case after ${warmup} warm-up runs; one client, sequential, cases interleaved; pages of ${pageSize} ` +
        `through listMessages() (access check + one statement of messages with authors, attachments, replies, mentions, reactions, threads), ` +
        `actor a plain member; raw = the bare keyset SELECT of the same page's message rows, named, in the same rounds\n`,
    );
    console.log(
      "| page | SQL statements | p50 ms | p95 ms | p99 ms | max ms | raw p50 ms | raw p99 ms | app/raw p50 |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const c of cases) {
      const s = stats.get(c)!;
      const r = rawStats.get(c)!;
      console.log(
        `| ${c.label} | ${perPage.get(c)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(s.p50 / r.p50, 1)}× |`,
      );
    }
    const worstRatio = Math.max(...cases.map((c) => stats.get(c)!.p50 / rawStats.get(c)!.p50));
    const mostStatements = Math.max(...perPage.values());
    const ratio50 = oldest.p50 / newest.p50;
    const ratio99 = oldest.p99 / newest.p99;
    console.log(`\noldest (before) / newest: p50 ${fmt(ratio50)}×, p99 ${fmt(ratio99)}×`);
    console.log(
      `targets: p99 ≤ 15 ms on every page (worst ${fmt(worstP99)} ms: ${worstP99 <= 15 ? "met" : "NOT met"}); oldest ≤ 1.5× newest (p50 ${ratio50 <= 1.5 ? "met" : "NOT met"}, p99 ${ratio99 <= 1.5 ? "met" : "NOT met"}); ` +
        `≤ 3 statements a page (most ${mostStatements}: ${mostStatements <= 3 ? "met" : "NOT met"}); p50 ≤ 3× raw (worst ${fmt(worstRatio, 1)}×: ${worstRatio <= 3 ? "met" : "NOT met"})`,
    );
  } finally {
    if (!keep) await dropDatabase(name);
    else
      console.log(
        `kept database ${name} (KEEP_DB=1); drop it with: psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE "${name}" WITH (FORCE)'`,
      );
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
