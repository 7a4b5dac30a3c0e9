// Read marks under fan-out: VIEWERS socket.io-client connections in one channel that mark read as the
// browser does (components/conversation/read-mark-schedule.ts: each sees every message land and
// sends its read position at most every 5 s), while SENDERS other users send RATE messages/s through
// the app's real send path.
//   npx tsx bench/read-marks.ts
//   env (or --name=value flags): VIEWERS=1000  RATE=10  SECONDS=30  WARMUP=5 (s, not measured)
//        SENDERS=20  WORKERS=2 (client processes the viewers are spread over)  BATCH=50 (connections opened at once)
//        DRAIN_MS=10000  PIN=1 (server on CPU 0, clients on CPU 1)  LEGACY=1 (viewers mark 100 ms after every message, as the browser did before)
//        DATABASE_URL=postgres://…/postgres (default postgres@127.0.0.1:5432; a scratch database is made next to it)
//        EMBEDDED=worker|inline: the embedded database (PGlite) in the app server's process instead, in its
//        worker thread as server.ts opens it, or on the server's own thread (as before that thread)
// The app server runs in a child process (bench/fanout-server.ts app); the viewers in WORKERS child
// processes of this script; the senders here. Every message carries its send time (Date.now(): one
// clock on one machine), so each worker times its deliveries itself. The database counts the
// writes of read positions with statement triggers on "ChannelState" (scratch database only).
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { Socket as Engine } from "engine.io-client";
import { io as connect, type Socket } from "socket.io-client";
import { MARK_EVERY_MS, MARK_PAUSE_MS, ReadMarkSchedule } from "../components/conversation/read-mark-schedule";
import { applyMigrations } from "../lib/postgres/migrate";
import {
  ask,
  benchChannelId,
  benchChild,
  benchSessionTokens,
  benchUserId,
  createDatabase,
  databaseUrl,
  fmt,
  machineLine,
  percentile,
  postgresVersion,
  runningChildren,
  seedCommunity,
  setting,
  runBench,
  signedInSocket,
} from "./support";

const here = fileURLToPath(import.meta.url);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- worker: a share of the viewers

/**
 * What a worker of viewers is told: `marks` false: they never mark read (bench/ceiling.ts). A
 * "report" with `reset` also starts the next measurement from nothing.
 */
export type WorkerStart = {
  type: "start";
  url: string;
  cookies: string[];
  batch: number;
  legacy: boolean;
  marks?: boolean;
  /** viewers through leanViewer (never marking read) */
  lean?: boolean;
};
export type WorkerReport = {
  type: "report";
  /** send → receive, ms, of measured messages */
  latencies: number[];
  /** deliveries per measured message index */
  received: number[];
  duplicates: number;
  /** Date.now() of every read mark sent */
  markTimes: number[];
  /** the shortest time between two marks of one viewer, ms */
  minMarkGap: number | null;
  markAckMs: number[];
  markFailures: number;
  readUpdates: number;
  cpuSeconds: number;
  eventLoopBusy: number;
};

/**
 * A viewer that costs the client process little (`lean`): engine.io over a WebSocket, Socket.IO's
 * packets written by hand (CONNECT, then `channel:subscribe` with ack id 1), and a `message:new`
 * read for its content's "m <i> <sent at>" alone, without decoding the packet. Never marks read.
 */
function leanViewer(url: string, cookie: string, engines: Engine[], onMessage: (i: number, sentAt: number) => void) {
  return new Promise<void>((resolve, reject) => {
    const engine = new Engine(url, {
      path: "/socket.io/",
      transports: ["websocket"],
      extraHeaders: { origin: url, cookie },
    });
    engines.push(engine);
    let subscribed = false;
    engine.on("open", () => engine.send("0"));
    engine.on("message", (data) => {
      if (typeof data !== "string") return;
      if (data.startsWith('2["message:new"')) {
        const at = data.indexOf('"content":"m ');
        if (at < 0) return;
        const [i, sentAt] = data.slice(at + 13, data.indexOf('"', at + 13)).split(" ");
        onMessage(Number(i), Number(sentAt));
      } else if (data.startsWith("0")) {
        engine.send(`21${JSON.stringify(["channel:subscribe", { channelId: benchChannelId }])}`);
      } else if (data.startsWith("31")) {
        if (!data.startsWith('31[{"ok":true')) reject(new Error(`channel:subscribe failed: ${data}`));
        subscribed = true;
        resolve();
      } else if (data.startsWith("4")) reject(new Error(`refused: ${data.slice(1)}`));
    });
    engine.on("close", (reason) => !subscribed && reject(new Error(`closed before subscribing (${reason})`)));
  });
}

async function worker() {
  const start = await new Promise<WorkerStart>((resolve) => process.once("message", resolve as never));
  const sockets: Socket[] = [];
  const engines: Engine[] = [];
  let latencies: number[] = [];
  let received: number[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let markTimes: number[] = [];
  let minMarkGap = Infinity;
  let markAckMs: number[] = [];
  let markFailures = 0;
  let readUpdates = 0;

  /** Message `i` sent at `sentAt` (Date.now()) reached viewer `c`. */
  const record = (i: number, sentAt: number, c: number) => {
    const key = `${i}:${c}`;
    if (seen.has(key)) duplicates++;
    else {
      seen.add(key);
      received[i] = (received[i] ?? 0) + 1;
      latencies.push(Date.now() - sentAt);
    }
  };

  for (let from = 0; from < start.cookies.length; from += start.batch) {
    const group: Promise<void>[] = [];
    for (let c = from; c < Math.min(start.cookies.length, from + start.batch); c++) {
      if (start.lean) {
        group.push(leanViewer(start.url, start.cookies[c], engines, (i, sentAt) => record(i, sentAt, c)));
        continue;
      }
      const socket = connect(start.url, {
        transports: ["websocket"],
        extraHeaders: { origin: start.url, cookie: start.cookies[c] },
        reconnection: false,
        forceNew: true,
        timeout: 60_000,
      });
      sockets.push(socket);
      let lastMarkAt = -Infinity;
      const mark = (messageId: string) => {
        const at = performance.now();
        minMarkGap = Math.min(minMarkGap, at - lastMarkAt);
        lastMarkAt = at;
        markTimes.push(Date.now());
        socket.emit("channel:read", { channelId: benchChannelId, messageId }, (result: { ok?: boolean }) => {
          markAckMs.push(performance.now() - at);
          if (!result?.ok) markFailures++;
        });
      };
      // as read-tracking.tsx: every message lands on screen in a focused window, nothing is counted
      const schedule = new ReadMarkSchedule(mark);
      let legacyTimer: NodeJS.Timeout | null = null;
      socket.on("message:new", (message: { id: string; content?: string }) => {
        const parts = String(message.content ?? "").split(" ");
        if (parts[0] === "m") record(Number(parts[1]), Number(parts[2]), c);
        if (start.marks === false) return;
        if (!start.legacy) return schedule.seen(message.id, false);
        // before: a mark 100 ms after each row landed (a burst gathered into one)
        if (legacyTimer) clearTimeout(legacyTimer);
        legacyTimer = setTimeout(() => mark(message.id), MARK_PAUSE_MS);
      });
      socket.on("read:updated", () => void readUpdates++);
      group.push(
        new Promise<void>((resolve, reject) => {
          socket.once("connect", resolve);
          socket.once("connect_error", (error) => reject(new Error(`viewer ${c}: ${error.message}`)));
        }).then(async () => {
          const ack = await socket.timeout(60_000).emitWithAck("channel:subscribe", { channelId: benchChannelId });
          if (!ack?.ok) throw new Error(`viewer ${c}: channel:subscribe failed: ${JSON.stringify(ack)}`);
        }),
      );
    }
    await Promise.all(group);
  }
  process.send!({ type: "ready" });

  let cpuBefore = process.cpuUsage();
  let eluBefore = performance.eventLoopUtilization();
  process.on("message", (message: { type: string; reset?: boolean }) => {
    if (message.type === "progress") process.send!({ type: "progress", delivered: latencies.length });
    if (message.type === "report") {
      const cpu = process.cpuUsage(cpuBefore);
      const report: WorkerReport = {
        type: "report",
        latencies,
        received,
        duplicates,
        markTimes,
        minMarkGap: Number.isFinite(minMarkGap) ? minMarkGap : null,
        markAckMs,
        markFailures,
        readUpdates,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        eventLoopBusy: performance.eventLoopUtilization(eluBefore).utilization,
      };
      process.send!(report);
      if (message.reset) {
        [latencies, received, markTimes, markAckMs] = [[], [], [], []];
        seen.clear();
        [duplicates, minMarkGap, markFailures, readUpdates] = [0, Infinity, 0, 0];
        cpuBefore = process.cpuUsage();
        eluBefore = performance.eventLoopUtilization();
      }
    }
    if (message.type === "exit") {
      for (const socket of sockets) socket.disconnect();
      for (const engine of engines) engine.close();
      process.exit(0);
    }
  });
  process.on("disconnect", () => process.exit(0));
}

// ---------------------------------------------------------------- main

const viewers = setting("VIEWERS", 1000);
const rate = setting("RATE", 10);
const seconds = setting("SECONDS", 30);
const warmupSeconds = setting("WARMUP", 5);
const senders = Math.max(1, setting("SENDERS", 20));
const workers = Math.max(1, Math.min(viewers, setting("WORKERS", 2)));
const batch = Math.max(1, setting("BATCH", 50));
const drainMs = setting("DRAIN_MS", 10_000);
const pin = process.env.PIN === "1";
const legacy = process.env.LEGACY === "1";
const embedded = process.env.EMBEDDED;
let databaseName: string | null = null;

type UsageReport = { cpuUserMicros: number; cpuSystemMicros: number; peakRssBytes: number; sqlStatements: number };

/** Write statements of read positions (one transaction each) that ended inside [from, to): time and rows. */
async function writesBetween(url: string, from: number, to: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ at: number; rows: number }>(
      `SELECT (extract(epoch FROM max(at)) * 1000)::float8 AS at, sum(n)::int AS rows FROM bench_read_writes
        GROUP BY tx HAVING max(at) >= to_timestamp($1 / 1000.0) AND max(at) < to_timestamp($2 / 1000.0) ORDER BY 1`,
      [from, to],
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function main() {
  const runStarted = performance.now();
  const perProcess = Math.ceil(viewers / workers) + 100;
  const fdLimit = Number(execSync("ulimit -Sn", { shell: "/bin/sh" }).toString().trim());
  if (Number.isFinite(fdLimit) && fdLimit < perProcess)
    throw new Error(`open-file limit is ${fdLimit}: raise it (ulimit -n ${perProcess + 1024}) or add WORKERS`);
  if (pin) execSync(`taskset -a -cp 1 ${process.pid}`, { stdio: "ignore" });

  const secret = randomBytes(32).toString("base64url");
  const env: Record<string, string> = {
    NEXTAUTH_SECRET: secret,
    NEXT_TELEMETRY_DISABLED: "1",
    SOCKETS_PER_IP: String(senders + viewers + 100),
    // each sender sends RATE / SENDERS a second, far more than a person: per-user limits lifted (the gate stays)
    SEND_RATE_LIMIT: "1000000/1",
    SEND_MIN_GAP_MS: "0",
  };
  if (embedded) env.EMBEDDED = embedded;
  else {
    databaseName = `bench_read_marks_${Date.now()}`;
    env.DATABASE_URL = databaseUrl(databaseName);
    await createDatabase(databaseName);
    await applyMigrations(env.DATABASE_URL);
  }
  const server = benchChild([path.join(path.dirname(here), "fanout-server.ts"), "app"], env, pin ? "0" : null);
  const ready = await server.next<{ port: number; databaseUrl?: string }>("ready");
  const url = ready.databaseUrl ?? env.DATABASE_URL;
  const serverUrl = `http://127.0.0.1:${ready.port}`;
  const seed = new pg.Client({ connectionString: url });
  await seed.connect();
  await seedCommunity(seed, senders + viewers);
  // every statement that writes read positions, with its time and rows (INSERT … ON CONFLICT fires both)
  await seed.query(`
    CREATE TABLE bench_read_writes (at timestamptz NOT NULL DEFAULT clock_timestamp(), tx bigint NOT NULL DEFAULT txid_current(), n int NOT NULL);
    CREATE FUNCTION bench_count_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO bench_read_writes (n) SELECT count(*) FROM new_rows; RETURN NULL; END $$;
    CREATE FUNCTION bench_count_updates() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO bench_read_writes (n) SELECT count(*) FROM new_rows; RETURN NULL; END $$;
    CREATE TRIGGER bench_read_inserts AFTER INSERT ON "ChannelState" REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION bench_count_inserts();
    CREATE TRIGGER bench_read_updates AFTER UPDATE ON "ChannelState" REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION bench_count_updates();
    ANALYZE;`);
  await seed.end();
  const version = await postgresVersion(url);
  const users = Array.from({ length: senders + viewers }, (_, i) => ({
    id: benchUserId(i + 1),
    name: `User ${i + 1}`,
  }));
  const cookies = (await benchSessionTokens(url, users, secret)).map((token) => `next-auth.session-token=${token}`);

  // the viewers, spread over the workers
  const viewerCookies = cookies.slice(senders);
  const pool = Array.from({ length: workers }, () => benchChild([here, "worker"], {}, pin ? "1" : null));
  const connectStarted = performance.now();
  await Promise.all(
    pool.map((w, i) => {
      const share = viewerCookies.filter((_, c) => c % workers === i);
      const ready = w.next("ready");
      w.send({ type: "start", url: serverUrl, cookies: share, batch, legacy } satisfies WorkerStart);
      return ready;
    }),
  );
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  process.stderr.write(`  ${viewers} viewers connected in ${fmt(connectSeconds, 1)} s\n`);

  const senderSockets: Socket[] = [];
  for (const cookie of cookies.slice(0, senders)) {
    senderSockets.push(await signedInSocket(serverUrl, cookie));
  }

  const ackMs: number[] = [];
  const ackFailures = new Map<string, number>();
  /** Open loop: sends on schedule whatever the acks do; senders take turns. */
  async function sendAll(prefix: "w" | "m", total: number) {
    const started = performance.now();
    let maxLag = 0;
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      const at = performance.now();
      maxLag = Math.max(maxLag, at - due);
      senderSockets[i % senders].emit(
        "message:send",
        { channelId: benchChannelId, content: `${prefix} ${i} ${Date.now()}`, nonce: `${prefix}-${i}` },
        (result: { ok?: boolean; code?: number; message?: string }) => {
          if (prefix !== "m") return;
          ackMs.push(performance.now() - at);
          if (!result?.ok) {
            const key = `${result?.code ?? "?"} ${result?.message ?? JSON.stringify(result)}`;
            ackFailures.set(key, (ackFailures.get(key) ?? 0) + 1);
          }
        },
      );
    }
    return { started, ended: performance.now(), maxLag };
  }

  if (warmupSeconds > 0) await sendAll("w", Math.round(rate * warmupSeconds));
  const messages = Math.max(1, Math.round(rate * seconds));
  const usageBefore = await ask<UsageReport>(server, "usage");
  const windowStart = Date.now();
  const sending = await sendAll("m", messages);
  const windowEnd = Date.now();
  const usageAfter = await ask<UsageReport>(server, "usage");
  const expected = messages * viewers;
  for (const drainStart = performance.now(); performance.now() - drainStart < drainMs;) {
    const progress = await Promise.all(pool.map((w) => ask<{ delivered: number }>(w, "progress")));
    if (progress.reduce((sum, p) => sum + p.delivered, 0) >= expected && ackMs.length >= messages) break;
    await sleep(200);
  }
  const reports = await Promise.all(pool.map((w) => ask<WorkerReport>(w, "report")));
  const writes = await writesBetween(url, windowStart, windowEnd);

  const latencies = Float64Array.from(reports.flatMap((r) => r.latencies)).sort();
  const acks = Float64Array.from(ackMs).sort();
  const markAcks = Float64Array.from(reports.flatMap((r) => r.markAckMs)).sort();
  const received = Array.from({ length: messages }, (_, i) =>
    reports.reduce((sum, r) => sum + (r.received[i] ?? 0), 0),
  );
  const windowSeconds = (windowEnd - windowStart) / 1000;
  // Rates between the first and the last write inside the window: each write holds exactly the
  // marks since the one before, so rows and marks are counted over the same span, with no edge.
  const spanFrom = writes[0]?.at ?? NaN;
  const spanTo = writes[writes.length - 1]?.at ?? NaN;
  const spanSeconds = (spanTo - spanFrom) / 1000;
  const rowsInSpan = writes.slice(1).reduce((sum, w) => sum + w.rows, 0);
  const marksInSpan = reports.reduce(
    (sum, r) => sum + r.markTimes.filter((at) => at > spanFrom && at <= spanTo).length,
    0,
  );
  const per5s = (count: number) => (count / viewers / spanSeconds) * 5;
  const minMarkGap = Math.min(...reports.map((r) => r.minMarkGap ?? Infinity));
  const serverCpu =
    (usageAfter.cpuUserMicros + usageAfter.cpuSystemMicros - usageBefore.cpuUserMicros - usageBefore.cpuSystemMicros) /
    1e6;
  const sqlPerSecond = (usageAfter.sqlStatements - usageBefore.sqlStatements) / windowSeconds;
  const delivered = latencies.length;
  const ackOk = messages - [...ackFailures.values()].reduce((a, b) => a + b, 0);

  console.log(`\nRead marks under fan-out — ${new Date().toISOString()}`);
  console.log(machineLine());
  const database = embedded
    ? `embedded PGlite ${embedded === "worker" ? "in its worker thread" : "on the server's thread"}, PostgreSQL ${version}`
    : `PostgreSQL ${version} on ${new URL(url).host}`;
  console.log(`node ${process.version}; socket.io 4.8 (websocket); ${database}`);
  console.log(
    `${viewers} viewers in one channel marking read ${legacy ? "100 ms after every message (the browser before this change)" : "as the browser does (read-mark-schedule.ts: at most every 5 s, trailing, newest id)"}; ` +
      `${senders} senders, ${rate} msgs/s for ${seconds} s (${messages} messages) after ${warmupSeconds} s of warm-up; ` +
      `server in a child process${pin ? " on CPU 0, clients on CPU 1" : ""}; viewers over ${workers} client processes\n`,
  );
  console.log(
    "| viewers | msgs/s | ack p50 ms | ack p99 ms | delivered % | delivery p50 ms | delivery p99 ms | marks / viewer / 5 s | DB rows / viewer / 5 s | write statements / s | SQL / s | server CPU % |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  console.log(
    `| ${viewers} | ${rate} | ${fmt(percentile(acks, 50), 1)} | ${fmt(percentile(acks, 99), 1)} | ${fmt((100 * delivered) / expected, 2)} | ` +
      `${fmt(percentile(latencies, 50), 1)} | ${fmt(percentile(latencies, 99), 1)} | ${fmt(per5s(marksInSpan), 3)} | ${fmt(per5s(rowsInSpan), 3)} | ` +
      `${fmt(writes.length / windowSeconds, 2)} | ${fmt(sqlPerSecond, 0)} | ${fmt((100 * serverCpu) / windowSeconds, 0)} |`,
  );
  const failures = [...ackFailures].map(([k, n]) => `${n}× ${k}`).join("; ");
  console.log(
    `\nsent at ${fmt(((messages - 1) * 1000) / (sending.ended - sending.started), 1)} msgs/s (max ${fmt(sending.maxLag, 1)} ms behind schedule); ` +
      `acks ${ackOk}/${messages} ok${failures ? ` (FAILED: ${failures})` : ""}; ${received.filter((n) => n === viewers).length}/${messages} messages reached every viewer; ` +
      `duplicates ${reports.reduce((s, r) => s + r.duplicates, 0)}; delivery max ${fmt(latencies[latencies.length - 1] ?? NaN, 1)} ms; ` +
      `read marks ${marksInSpan} in ${fmt(spanSeconds, 1)} s between the window's first and last write, shortest gap between two marks of one viewer ${fmt(minMarkGap, 1)} ms (ack p50 ${fmt(percentile(markAcks, 50), 1)} / p99 ${fmt(percentile(markAcks, 99), 1)} ms, ` +
      `${reports.reduce((s, r) => s + r.markFailures, 0)} refused); read:updated heard ${reports.reduce((s, r) => s + r.readUpdates, 0)}; ` +
      `DB: ${writes.length} write statements in the ${fmt(windowSeconds, 1)} s window, ${rowsInSpan} rows in that span; server peak RSS ${fmt(usageAfter.peakRssBytes / 2 ** 20, 0)} MB`,
  );
  console.log(
    `client processes: ${reports.map((r) => `${fmt(r.cpuSeconds, 1)} CPU s, event loop ${fmt(100 * r.eventLoopBusy, 0)} % busy`).join("; ")}`,
  );
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(
    `targets: ack p99 ≤ 100 ms: ${verdict(percentile(acks, 99) <= 100)}; 100 % delivered: ${verdict(delivered === expected && ackOk === messages)}; ` +
      `read writes ≤ 1 per viewer per 5 s: ${verdict(minMarkGap >= MARK_EVERY_MS - 1 && rowsInSpan <= marksInSpan * 1.01)} ` +
      `(no viewer marked twice within ${MARK_EVERY_MS} ms, give or take the 1 ms a pause between the schedule's clock and this one can take, ` +
      `and no more rows written than marks made, give or take the marks in flight at the span's ends)`,
  );
  console.log(`total run time ${fmt((performance.now() - runStarted) / 1000, 0)} s`);

  for (const socket of senderSockets) socket.disconnect();
  for (const w of pool) w.send({ type: "exit" });
  server.send({ type: "exit" });
  await sleep(500);
}

if (process.argv[2] === "worker") {
  worker().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runBench(main, { children: runningChildren, database: () => databaseName });
}
