// Does a long query on the embedded database stall the app's event loop? (issue 17, item 7) The app's
// Socket.IO server (fanout-server.ts app) opens the embedded database itself, in its worker thread
// ("worker", as server.ts does) or on its own thread ("inline", as before), with MESSAGES messages in
// one channel. This process asks the server for a path it answers at once without the database
// (a 404) every PROBE_MS, first idle, then while another connection runs QUERIES full scans of the
// messages one after the other: the answer times are the event loop's responsiveness.
//   npx tsx bench/embedded-stall.ts
//   env (or --name=value flags): MESSAGES=300000  QUERIES=5  PROBE_MS=5  IDLE_S=3  SETUPS=inline,worker
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import pg from "pg";
import {
  benchChannelId,
  benchChild,
  fmt,
  gitLine,
  machineLine,
  percentile,
  runBench,
  runningChildren,
  seedCommunity,
  setting,
} from "./support";

const here = path.dirname(fileURLToPath(import.meta.url));
const messages = setting("MESSAGES", 300_000);
const queries = setting("QUERIES", 5);
const probeMs = setting("PROBE_MS", 5);
const idleSeconds = setting("IDLE_S", 3);
const setups = (process.env.SETUPS ?? "inline,worker").split(",").map((s) => s.trim());

/** Probes GET /probe every probeMs until `until` settles; the answer times, ms. */
async function probeWhile(origin: string, until: Promise<unknown>) {
  const times: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const started = performance.now();
    await fetch(`${origin}/probe`).then((response) => response.arrayBuffer());
    times.push(performance.now() - started);
    const wait = probeMs - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return Float64Array.from(times).sort();
}

async function main() {
  const rows: string[] = [];
  for (const setup of setups) {
    const server = benchChild(
      [path.join(here, "fanout-server.ts"), "app"],
      { EMBEDDED: setup, NEXTAUTH_SECRET: "x".repeat(32) },
      null,
    );
    const { port, databaseUrl } = await server.next<{ port: number; databaseUrl: string }>("ready");
    const origin = `http://127.0.0.1:${port}`;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await seedCommunity(client, 2);
    await client.query(
      `INSERT INTO "Message" ("id", "channelId", "authorId", "content")
       SELECT '01B' || lpad(i::text, 23, '0'), $1, 'u0000001', 'message number ' || i || ' of the stall bench'
         FROM generate_series(1, ${messages}) AS i`,
      [benchChannelId],
    );
    const idle = await probeWhile(origin, new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000)));
    const queryMs: number[] = [];
    const busy = await probeWhile(
      origin,
      (async () => {
        for (let q = 0; q < queries; q++) {
          const started = performance.now();
          await client.query(`SELECT count(*) FROM "Message" WHERE "content" LIKE '%number ${q}7%stall%'`);
          queryMs.push(performance.now() - started);
        }
      })(),
    );
    await client.end();
    server.send({ type: "exit" });
    const row = (phase: string, times: Float64Array, scanMs: number) =>
      `| ${setup} | ${phase} | ${times.length} | ${fmt(percentile(times, 50), 1)} | ${fmt(percentile(times, 99), 1)} | ${fmt(times[times.length - 1], 1)} | ${fmt(scanMs, 0)} |`;
    rows.push(row("idle", idle, NaN), row("while scanning", busy, percentile(Float64Array.from(queryMs).sort(), 50)));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  console.log(`\nEmbedded database stall — ${new Date().toISOString()}`);
  console.log(`${machineLine()}; node ${process.version}; ${gitLine()}`);
  console.log(
    `${messages.toLocaleString("en-US")} messages; a probe (GET answered without the database) every ${probeMs} ms, idle for ${idleSeconds} s, then during ${queries} full scans in a row (LIKE over every message)\n`,
  );
  console.log("| PGlite | phase | probes | p50 ms | p99 ms | max ms | scan p50 ms |");
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
}

runBench(main, { children: runningChildren, database: () => null });
