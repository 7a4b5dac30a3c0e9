// Unread and mention counts of a member in a community of CHANNELS channels holding MESSAGES messages,
// through the app's own listReadStates() and markChannelRead().
//   npx tsx bench/unread.ts
//   env: MESSAGES=1000000  CHANNELS=100  ITERATIONS=200  WARMUP=20  DATABASE_URL=postgres://…/postgres
//        KEEP_DB=1 (keep the database, print its name)
// Creates a scratch database next to DATABASE_URL's (default postgres@127.0.0.1:5432), bulk-loads it,
// measures, and drops it.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { ulid } from "ulid";
import { applyMigrations } from "../lib/postgres/migrate";
import {
  benchCommunityId,
  benchUserId,
  createDatabase,
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
const channels = setting("CHANNELS", 100);
const iterations = setting("ITERATIONS", 200);
const warmup = setting("WARMUP", 20);
const authors = 8;
const reader = benchUserId(2); // a plain member, one of the authors
const startMs = Date.UTC(2025, 0, 1);
const spacingMs = 3_000;
const batchSize = 50_000;
/** How far behind the reader is, by channel: most read up, some a little behind, some far (past the count cap). */
const behindFor = (c: number) => [0, 0, 0, 3, 40, 250, 2_500, 0, 0, 12][c % 10];

let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

async function load(client: pg.Client) {
  await seedCommunity(client, authors);
  await client.query(`DELETE FROM "Channel" WHERE "communityId" = $1`, [benchCommunityId]);
  await client.query(
    `INSERT INTO "Channel" ("id", "communityId", "name", "kind", "position", "mutedRoles")
     SELECT 'bench-channel-' || lpad(i::text, 4, '0'), $1, 'channel-' || i, CASE WHEN i = 0 THEN 'GENERAL'::"ChannelKind" ELSE 'PUBLIC'::"ChannelKind" END, i, '{}'
       FROM generate_series(0, $2 - 1) AS i`,
    [benchCommunityId, channels],
  );
  // members joined long before the history starts
  await client.query(`UPDATE "Member" SET "joinedAt" = $1::timestamp`, ["2024-01-01T00:00:00"]);
  // message n goes to channel n % CHANNELS; every 50th mentions the reader, every 1,000th is @everyone
  for (let from = 0; from < messages; from += batchSize) {
    const to = Math.min(messages, from + batchSize);
    const ids = Array.from({ length: to - from }, (_, k) => ulid(startMs + (from + k) * spacingMs, Math.random));
    await client.query(
      `INSERT INTO "Message" ("id", "channelId", "authorId", "content", "createdAt", "mentionIds", "mentionsEveryone")
       SELECT t.id, 'bench-channel-' || lpad((n % $5)::text, 4, '0'),
              'u' || lpad((1 + (n % ${authors}))::text, 7, '0'),
              'Message ' || n,
              $3::timestamp + (n * ${spacingMs}) * interval '1 millisecond',
              CASE WHEN n % 50 = 0 THEN ARRAY[$4]::text[] ELSE '{}'::text[] END,
              n % 1000 = 999
         FROM unnest($1::text[]) WITH ORDINALITY AS t(id, k), LATERAL (SELECT ($2::bigint + t.k - 1) AS n) AS x`,
      [ids, from, new Date(startMs).toISOString().replace("Z", ""), reader, channels],
    );
    if (to % 250_000 === 0 || to === messages)
      process.stdout.write(`  loaded ${to.toLocaleString("en-US")} messages\r`);
  }
  process.stdout.write("\n");
  // the reader's positions: `behindFor(c)` messages before each channel's newest
  await client.query(
    `INSERT INTO "ChannelState" ("userId", "channelId", "lastReadId", "updatedAt")
     SELECT $1, c."id", (SELECT m."id" FROM "Message" m WHERE m."channelId" = c."id" ORDER BY m."id" DESC OFFSET (
              CASE (c."position" % 10) WHEN 3 THEN 3 WHEN 4 THEN 40 WHEN 5 THEN 250 WHEN 6 THEN 2500 WHEN 9 THEN 12 ELSE 0 END) LIMIT 1), now()
       FROM "Channel" c WHERE c."communityId" = $2`,
    [reader, benchCommunityId],
  );
  await client.query(`VACUUM (ANALYZE) "Message"`);
  await client.query(`ANALYZE`);
}

async function main() {
  const name = `bench_unread_${Date.now()}`;
  const url = databaseUrl(name);
  onInterrupt(() => dropDatabase(name));
  try {
    await createDatabase(name);
    await applyMigrations(url);
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {});
    await client.connect();
    console.log(`Loading ${messages.toLocaleString("en-US")} messages in ${channels} channels into ${name} …`);
    const started = performance.now();
    await load(client);
    const loadSeconds = (performance.now() - started) / 1000;
    await client.end();
    const version = await postgresVersion(url);

    process.env.DATABASE_URL = url;
    const { listReadStates, markChannelRead } = await import("../lib/domain/read-state");
    const { limits } = await import("../lib/limits");
    const { disconnectDb } = await import("../lib/db");
    const actor = { userId: reader };

    // the counts are right: channels behind by n show min(n minus the reader's own, cap)
    const [state] = await listReadStates(actor, benchCommunityId);
    if (state.channels.length !== channels)
      throw new Error(`expected ${channels} channels, got ${state.channels.length}`);
    const totalUnread = state.channels.reduce((n, c) => n + c.unread, 0);
    const capped = state.channels.filter((c) => c.unread === limits.unreadCountCap).length;
    const totalMentions = state.channels.reduce((n, c) => n + c.mentions, 0);

    const before = statements;
    await listReadStates(actor, benchCommunityId);
    const statementsPerList = statements - before;
    const newest = state.channels.find((c) => behindFor(Number(c.channelId.slice(-4))) === 0)!;

    const cases = [
      {
        label: `all ${channels} channels of the community (listReadStates)`,
        run: () => listReadStates(actor, benchCommunityId),
      },
      {
        label: "every community of the user (listReadStates, as the app layout does)",
        run: () => listReadStates(actor),
      },
      {
        label: "mark one channel read (markChannelRead, state of that channel back)",
        run: () => markChannelRead(actor, { channelId: newest.channelId, messageId: newest.lastReadId }),
      },
    ];
    for (let i = 0; i < warmup; i++) for (const c of cases) await c.run();
    const samples = cases.map(() => [] as number[]);
    for (let i = 0; i < iterations; i++) {
      for (let k = 0; k < cases.length; k++) {
        const index = (i + k) % cases.length;
        const t = performance.now();
        await cases[index].run();
        samples[index].push(performance.now() - t);
      }
    }
    await disconnectDb();
    console.log(`\nUnread counts benchmark — ${new Date().toISOString()}`);
    console.log(machineLine());
    console.log(`node ${process.version}; PostgreSQL ${version} on ${new URL(url).host}`);
    console.log(
      `${messages.toLocaleString("en-US")} messages over ${channels} channels of one community (${authors} authors; every 50th mentions the reader, every 1,000th is @everyone); loaded in ${fmt(loadSeconds, 1)} s`,
    );
    console.log(
      `reader: a plain member, behind by 0 / 3 / 12 / 40 / 250 / 2,500 messages in different channels; counts stop at ${limits.unreadCountCap.toLocaleString("en-US")} ` +
        `(here: ${totalUnread.toLocaleString("en-US")} unread in total, ${capped} channels at the cap, ${totalMentions} mentions); ${statementsPerList} SQL statement(s) per community list`,
    );
    console.log(`${iterations} timed runs per case after ${warmup} warm-up runs, cases interleaved, one client\n`);
    console.log("| case | p50 ms | p95 ms | p99 ms | max ms |");
    console.log("|---|---|---|---|---|");
    cases.forEach((c, i) => {
      const s = samples[i].sort((a, b) => a - b);
      console.log(
        `| ${c.label} | ${fmt(percentile(s, 50))} | ${fmt(percentile(s, 95))} | ${fmt(percentile(s, 99))} | ${fmt(s.at(-1)!)} |`,
      );
    });
  } finally {
    if (process.env.KEEP_DB === "1") console.log(`kept database ${name}`);
    else await dropDatabase(name).catch((error) => console.error(`could not drop ${name}: ${error}`));
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
