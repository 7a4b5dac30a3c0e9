// Memory over a long run (issue 17, item 8): the built app (server.ts, production) on the embedded
// database or on PostgreSQL under a steady mix for DURATION_S: CLIENTS signed-in sockets in one
// channel, SEND_RATE messages/s through `message:send`, read marks as the browser sends them (each
// client at most every 5 s: read-mark-schedule.ts), RECONNECT_RATE sockets/s dropped and connected
// again, PAGE_RATE channel pages/s rendered for a signed-in cookie and HISTORY_RATE older history
// pages/s from the route. The server's RSS (the whole process, the embedded database's thread
// included) is read every SAMPLE_S; growth = the mean of the last minute against the mean of the
// minute after WARMUP_S.
//   NEXT_BUILD_SKIP_TYPECHECK=1 npm run build && npx tsx bench/soak.ts
//   env (or --name=value flags): DATABASE=embedded|postgres  DURATION_S=1800  WARMUP_S=300  CLIENTS=50
//        SEND_RATE=5  RECONNECT_RATE=1  PAGE_RATE=1  HISTORY_RATE=2  SAMPLE_S=10  PORT=3297  NEXT_DIST_DIR=.next
//        DATABASE_URL=postgres://…/postgres (DATABASE=postgres: a scratch database is made next to it)
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import type { Socket } from "socket.io-client";
import { ReadMarkSchedule } from "../components/conversation/read-mark-schedule";
import { applyMigrations } from "../lib/postgres/migrate";
import {
  benchChannelId,
  benchCommunityId,
  benchSessionTokens,
  benchUserId,
  createDatabase,
  databaseUrl,
  dropDatabase,
  fmt,
  gitLine,
  machineLine,
  onInterrupt,
  postgresVersion,
  residentMb,
  seedCommunity,
  setting,
  signedInSocket,
  startBuiltApp,
  stopBuiltApp,
} from "./support";

const kind = process.env.DATABASE ?? "embedded";
if (kind !== "embedded" && kind !== "postgres") throw new Error("DATABASE is embedded or postgres");
const durationS = setting("DURATION_S", 1800);
const warmupS = setting("WARMUP_S", 300);
const clientCount = setting("CLIENTS", 50);
const sendRate = setting("SEND_RATE", 5);
const reconnectRate = setting("RECONNECT_RATE", 1);
const pageRate = setting("PAGE_RATE", 1);
const historyRate = setting("HISTORY_RATE", 2);
const sampleS = setting("SAMPLE_S", 10);
const port = setting("PORT", 3297);
const distDir = process.env.NEXT_DIST_DIR || ".next";
const origin = `http://127.0.0.1:${port}`;
if (durationS < warmupS + 120) throw new Error("DURATION_S must leave at least two minutes after WARMUP_S");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Counts = {
  sent: number;
  sendFailed: number;
  reconnectFailed: number;
  pages: number;
  pageFailed: number;
  history: number;
  historyFailed: number;
};
type Sample = { at: number; rssMb: number; counts: Counts; reconnects: number; received: number; marks: number };

/** One signed-in tab: subscribed to the channel, marking read as the browser does. */
class Client {
  socket: Socket | null = null;
  received = 0;
  marks = 0;
  /** sends waiting for their answer (a reconnect leaves this client alone meanwhile: the browser's outbox would send again) */
  sending = 0;
  newestId = "";
  constructor(readonly cookie: string) {}

  async connect() {
    const socket = await signedInSocket(origin, this.cookie);
    const schedule = new ReadMarkSchedule((messageId) => {
      this.marks++;
      socket.emit("channel:read", { channelId: benchChannelId, messageId }, () => {});
    });
    socket.on("message:new", (message: { id: string }) => {
      this.received++;
      if (message.id > this.newestId) this.newestId = message.id;
      schedule.seen(message.id, false);
    });
    const ack = await socket.timeout(30_000).emitWithAck("channel:subscribe", { channelId: benchChannelId });
    if (!ack?.ok) throw new Error(`channel:subscribe failed: ${JSON.stringify(ack)}`);
    this.socket = socket;
  }

  disconnect() {
    this.socket?.disconnect();
    this.socket = null;
  }
}

/** Calls `run` `rate` times a second, spread evenly, until `stop()`; never more than `limit` at once. */
function every(rate: number, run: () => Promise<void>, limit = 20) {
  if (rate <= 0) return () => {};
  let inFlight = 0;
  const timer = setInterval(() => {
    if (inFlight >= limit) return;
    inFlight++;
    void run().finally(() => inFlight--);
  }, 1000 / rate);
  return () => clearInterval(timer);
}

async function main() {
  const started = new Date();
  const loadBefore = os.loadavg();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-soak-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const dbName = `bench_soak_${Date.now()}`;
  let app: ChildProcess | undefined;
  const serverLog: string[] = [];
  let cleaning = false;
  const cleanup = async () => {
    cleaning = true;
    await stopBuiltApp(app).catch(() => {});
    if (kind === "postgres") await dropDatabase(dbName).catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  onInterrupt(cleanup);
  try {
    if (!fs.existsSync(path.join(distDir, "BUILD_ID")))
      throw new Error(`no production build in ${distDir}: run NEXT_BUILD_SKIP_TYPECHECK=1 npm run build first`);

    // the database, migrated and seeded here, closed before the app opens it
    const secret = randomBytes(32).toString("base64url");
    let url: string;
    let embedded: { url: string; close(): Promise<void> } | undefined;
    if (kind === "embedded") {
      embedded = await (await import("../lib/postgres/embedded")).openEmbeddedDatabase(pgliteDir);
      url = embedded.url;
    } else {
      url = databaseUrl(dbName);
      await createDatabase(dbName);
    }
    await applyMigrations(url);
    const seedClient = new pg.Client({ connectionString: url });
    await seedClient.connect();
    await seedCommunity(seedClient, clientCount + 1);
    // an older history to page through
    await seedClient.query(`
      INSERT INTO "Message" ("id", "channelId", "authorId", "content", "createdAt")
      SELECT '01A' || lpad(i::text, 23, '0'), '${benchChannelId}', 'u0000001', 'history ' || i, now() - interval '1 day'
        FROM generate_series(1, 2000) AS i`);
    await seedClient.end();
    const version = await postgresVersion(url);
    const users = Array.from({ length: clientCount + 1 }, (_, i) => ({
      id: benchUserId(i + 1),
      name: `User ${i + 1}`,
    }));
    const cookies = (await benchSessionTokens(url, users, secret)).map((t) => `next-auth.session-token=${t}`);
    await embedded?.close();

    app = await startBuiltApp(
      {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: distDir,
        NEXTAUTH_SECRET: secret,
        NEXTAUTH_URL: origin,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        PGLITE_DIR: pgliteDir,
        DATABASE_URL: kind === "embedded" ? "" : url,
        SEND_RATE_LIMIT: "1000/10",
        SEND_MIN_GAP_MS: "0",
        SOCKET_BUDGET_SCALE: "10",
        SOCKETS_PER_IP: String(clientCount * 4 + 100),
      },
      serverLog,
    );
    app.on("exit", (code, signal) => {
      if (!cleaning) console.error(`the app exited unexpectedly (${code ?? signal})`);
    });
    const rssListening = residentMb(app.pid);

    const clients = cookies.slice(1).map((cookie) => new Client(cookie));
    for (const client of clients) await client.connect();
    const counts: Counts = {
      sent: 0,
      sendFailed: 0,
      reconnectFailed: 0,
      pages: 0,
      pageFailed: 0,
      history: 0,
      historyFailed: 0,
    };
    /** why sends failed: the error code, or "no answer in 30 s" */
    const sendFailures = new Map<string, number>();
    let reconnects = 0;
    let sequence = 0;
    const pick = () => clients[Math.floor(Math.random() * clients.length)];

    const stops = [
      every(sendRate, async () => {
        const sender = pick();
        const socket = sender.socket;
        if (!socket) return;
        const n = ++sequence;
        sender.sending++;
        const result = await socket
          .timeout(30_000)
          .emitWithAck("message:send", { channelId: benchChannelId, content: `soak ${n}`, nonce: `soak-${n}` })
          .catch(() => null)
          .finally(() => sender.sending--);
        if (result?.ok) counts.sent++;
        else {
          counts.sendFailed++;
          const reason = result ? `${result.code} ${result.message}` : "no answer in 30 s";
          sendFailures.set(reason, (sendFailures.get(reason) ?? 0) + 1);
        }
      }),
      every(reconnectRate, async () => {
        const client = pick();
        if (!client.socket || client.sending > 0) return;
        client.disconnect();
        await client.connect().catch(() => counts.reconnectFailed++);
        reconnects++;
      }),
      every(pageRate, async () => {
        const response = await fetch(`${origin}/c/${benchCommunityId}/${benchChannelId}`, {
          headers: { cookie: pick().cookie },
        }).catch(() => null);
        await response?.arrayBuffer();
        if (response?.status === 200) counts.pages++;
        else counts.pageFailed++;
      }),
      every(historyRate, async () => {
        const before = `01A${String(1 + Math.floor(Math.random() * 2000)).padStart(23, "0")}`;
        const response = await fetch(`${origin}/api/channels/${benchChannelId}/messages?before=${before}&limit=50`, {
          headers: { cookie: pick().cookie },
        }).catch(() => null);
        await response?.arrayBuffer();
        if (response?.status === 200) counts.history++;
        else counts.historyFailed++;
      }),
    ];

    const samples: Sample[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < durationS * 1000) {
      await sleep(sampleS * 1000);
      samples.push({
        at: (performance.now() - t0) / 1000,
        rssMb: residentMb(app.pid),
        counts: { ...counts },
        reconnects,
        received: clients.reduce((sum, c) => sum + c.received, 0),
        marks: clients.reduce((sum, c) => sum + c.marks, 0),
      });
      const last = samples[samples.length - 1];
      process.stderr.write(`  ${fmt(last.at, 0)} s: RSS ${fmt(last.rssMb, 0)} MB, ${last.counts.sent} sent\n`);
    }
    for (const stop of stops) stop();
    for (const client of clients) client.disconnect();

    const mean = (list: Sample[]) => list.reduce((sum, s) => sum + s.rssMb, 0) / Math.max(1, list.length);
    const reference = samples.filter((s) => s.at > warmupS && s.at <= warmupS + 60);
    const end = samples.filter((s) => s.at > durationS - 60);
    const growth = (mean(end) / mean(reference) - 1) * 100;
    const final = samples[samples.length - 1];

    console.log(`\nSoak — ${started.toISOString()}`);
    console.log(machineLine());
    console.log(
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}; node ${process.version}; ${gitLine()}`,
    );
    console.log(
      `database: ${kind === "embedded" ? `embedded PGlite (PostgreSQL ${version}) in its worker thread` : `PostgreSQL ${version}`}; ` +
        `${durationS} s: ${clientCount} sockets in one channel, ${sendRate} msgs/s, read marks as the browser sends them, ` +
        `${reconnectRate} reconnects/s, ${pageRate} channel pages/s, ${historyRate} history pages/s; RSS every ${sampleS} s\n`,
    );
    console.log("| minute | RSS MB | sent | pages | history pages | reconnects | deliveries | read marks |");
    console.log("|---|---|---|---|---|---|---|---|");
    for (const s of samples.filter((_, i) => (i + 1) % Math.max(1, Math.round(60 / sampleS)) === 0)) {
      console.log(
        `| ${fmt(s.at / 60, 0)} | ${fmt(s.rssMb, 0)} | ${s.counts.sent} | ${s.counts.pages} | ${s.counts.history} | ${s.reconnects} | ${s.received} | ${s.marks} |`,
      );
    }
    console.log(
      `\nRSS: ${fmt(rssListening, 0)} MB once listening, peak ${fmt(Math.max(...samples.map((s) => s.rssMb)), 0)} MB; ` +
        `mean ${fmt(mean(reference), 0)} MB in the minute after the ${warmupS} s warm-up, ${fmt(mean(end), 0)} MB in the last minute: ` +
        `growth ${fmt(growth, 1)} % (aim ≤ 10 %: ${growth <= 10 ? "met" : "NOT met"})`,
    );
    console.log(
      `failures: ${final.counts.sendFailed} sends${sendFailures.size ? ` (${[...sendFailures].map(([why, n]) => `${n}× ${why}`).join("; ")})` : ""}, ` +
        `${final.counts.reconnectFailed} reconnects, ${final.counts.pageFailed} pages, ${final.counts.historyFailed} history pages`,
    );
  } catch (error) {
    if (serverLog.length) console.error(`last lines of the app's output:\n${serverLog.slice(-30).join("\n")}`);
    throw error;
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
