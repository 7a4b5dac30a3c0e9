// Connect storm: CLIENTS signed-in clients connect to the app's Socket.IO server and to a bare one in
// the same run (time, RSS per idle socket); then the app server restarts and every client reconnects
// and catches up on what was sent meanwhile, through the app's own catch-up path.
//   npx tsx bench/connect-storm.ts
//   env (or --name=value flags): CLIENTS=5000  COMMUNITIES=4  MEMBERSHIPS=2 (communities per user)
//        WORKERS=2 (client processes)  CONCURRENCY=50 (handshakes in flight per client process)
//        RESTART=0 (skip the restart)  IDLE_S=2 (idle time before measuring RSS)  HEAP_SNAPSHOT_DIR=/tmp (servers write one when idle)  SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (extra flags for the servers)
//        OUTAGE_MESSAGES=5 (per channel, stored while the server is down)  LIVE_MESSAGES=5 at LIVE_PER_SECOND=1 (per channel, sent
//        through a socket while the clients reconnect)  STORM_TIMEOUT_S=120  SETUPS=bare,app
//        PIN=1 (the server on core 0, the client processes on core 1; PostgreSQL where the kernel puts it)
//        DATABASE_URL=postgres://…/postgres (default postgres@127.0.0.1:5432; a scratch database is made next to it)
// Servers run in child processes (bench/fanout-server.ts), clients in WORKERS more (bench/connect-storm-clients.ts).
import { execSync, fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { applyMigrations } from "../lib/postgres/migrate";
import type { MessageDTO } from "../lib/dto";
import type { UsageReport } from "./fanout-server";
import type { StormClient, ToClients } from "./connect-storm-clients";
import {
  benchSessionTokens,
  benchUserId,
  createDatabase,
  databaseUrl,
  fmt,
  machineLine,
  percentile,
  postgresCpuSeconds,
  postgresVersion,
  setting,
  runBench,
} from "./support";

const clients = setting("CLIENTS", 5000);
const communities = Math.max(1, setting("COMMUNITIES", 4));
const memberships = Math.min(communities, Math.max(1, setting("MEMBERSHIPS", 2)));
const workers = Math.max(1, setting("WORKERS", 2));
const concurrency = Math.max(1, setting("CONCURRENCY", 50));
const outageMessages = setting("OUTAGE_MESSAGES", 5);
const livePerSecond = setting("LIVE_PER_SECOND", 1);
const liveMessages = setting("LIVE_MESSAGES", 5);
const stormTimeoutMs = setting("STORM_TIMEOUT_S", 120) * 1000;
const restart = setting("RESTART", 1) === 1;
const idleSeconds = setting("IDLE_S", 2);
const pin = setting("PIN", 0) === 1;
const setups = (process.env.SETUPS ?? "bare,app").split(",").map((s) => s.trim());
if (setups.some((s) => s !== "app" && s !== "bare")) throw new Error(`SETUPS must list bare and/or app`);

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock milliseconds, comparable with the client processes' reports. */
const clock = () => performance.timeOrigin + performance.now();
const running = new Set<ChildProcess>();

// ---------------------------------------------------------------- child processes

type Child = {
  process: ChildProcess;
  request: <T>(message: { type: string; [key: string]: unknown }, answer?: string) => Promise<T>;
  next: <T>(type: string) => Promise<T>;
  on: (type: string, listener: (message: never) => void) => void;
};

function supervise(child: ChildProcess, label: string): Child {
  running.add(child);
  child.once("exit", () => running.delete(child));
  const waiters: Array<{ type: string; resolve: (message: never) => void; reject: (error: Error) => void }> = [];
  const listeners = new Map<string, (message: never) => void>();
  child.on("message", (message: { type: string }) => {
    listeners.get(message.type)?.(message as never);
    const index = waiters.findIndex((w) => w.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0].resolve(message as never);
  });
  child.once("exit", (code, signal) => {
    for (const w of waiters.splice(0))
      w.reject(new Error(`${label} exited (${signal ?? `code ${code}`}) while waiting for "${w.type}"`));
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`${label} is not running`));
      waiters.push({ type, resolve: resolve as (message: never) => void, reject });
    });
  return {
    process: child,
    next,
    request: <T>(message: { type: string }, answer = message.type) => {
      const reply = next<T>(answer);
      child.send(message);
      return reply;
    },
    on: (type, listener) => void listeners.set(type, listener),
  };
}

async function startServer(mode: "app" | "bare", env: Record<string, string>, port = 0) {
  const extra = (process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean); // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const child = spawn(
    process.execPath,
    [...extra, "--expose-gc", "--import", "tsx", path.join(here, "fanout-server.ts"), mode],
    {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...process.env, ...env, PORT: String(port) },
    },
  );
  if (pin) pinTo(child.pid!, 0);
  const server = supervise(child, `${mode} server`);
  const ready = await server.next<{ port: number }>("ready");
  return { ...server, port: ready.port };
}

/** Every thread of a process onto one core. */
function pinTo(pid: number, core: number) {
  execSync(`taskset -a -p -c ${core} ${pid}`, { stdio: "ignore" });
}

async function stopChild(child: Child, message: { type: string } = { type: "exit" }) {
  if (!running.has(child.process)) return;
  const exited = new Promise((resolve) => child.process.once("exit", resolve));
  child.process.send(message);
  await Promise.race([exited, sleep(10_000)]);
  if (running.has(child.process)) child.process.kill("SIGKILL");
}

async function startWorkers(count: number): Promise<Child[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const child = fork(path.join(here, "connect-storm-clients.ts"), [], {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      if (pin) pinTo(child.pid!, 1);
      const worker = supervise(child, `client process ${i + 1}`);
      await worker.next("ready");
      return worker;
    }),
  );
}

type Usage = UsageReport;

const settledUsage = async (server: Child) => {
  await server.request({ type: "gc" });
  return server.request<Usage>({ type: "usage" });
};

// ---------------------------------------------------------------- seed

const channelId = (k: number) => `storm-channel-${k}`;
const SENDER = benchUserId(0); // owner of every community, not one of the measured clients
/** Client c (user c + 1) is in communities c, c + 1, … (mod COMMUNITIES) and views the first one's channel. */
const communitiesOf = (c: number) => Array.from({ length: memberships }, (_, j) => (c + j) % communities);

async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO "User" ("id", "username", "displayName", "passwordHash", "communityCount")
      SELECT 'u' || lpad(i::text, 7, '0'), 'user' || i, 'User ' || i, 'x', CASE WHEN i = 0 THEN ${communities} ELSE ${memberships} END
        FROM generate_series(0, ${clients}) AS i;
      INSERT INTO "Community" ("id", "name", "ownerId", "channelCount", "updatedAt")
      SELECT 'storm-community-' || k, 'Storm ' || k, '${SENDER}', 1, now() FROM generate_series(0, ${communities - 1}) AS k;
      INSERT INTO "Channel" ("id", "communityId", "name", "kind", "position", "mutedRoles")
      SELECT 'storm-channel-' || k, 'storm-community-' || k, 'general', 'GENERAL', 0, '{}' FROM generate_series(0, ${communities - 1}) AS k;
      INSERT INTO "Member" ("communityId", "userId", "role", "sortName")
      SELECT 'storm-community-' || k, '${SENDER}', 'OWNER', 'user 0' FROM generate_series(0, ${communities - 1}) AS k;
      INSERT INTO "Member" ("communityId", "userId", "role", "sortName")
      SELECT 'storm-community-' || ((c + j) % ${communities}), 'u' || lpad((c + 1)::text, 7, '0'), 'MEMBER', 'user ' || (c + 1)
        FROM generate_series(0, ${clients - 1}) AS c, generate_series(0, ${memberships - 1}) AS j;
      UPDATE "Community" co SET "memberCount" = (SELECT count(*) FROM "Member" m WHERE m."communityId" = co."id");
      ANALYZE;`);
  } finally {
    await client.end();
  }
}

/** Every message id of each channel from `since` on (ascending). */
async function channelIds(url: string, since: Record<string, string>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ channelId: string; ids: string[] }>(
      `SELECT "channelId", array_agg("id" ORDER BY "id") AS "ids" FROM "Message"
        WHERE "deletedAt" IS NULL AND "channelId" = ANY($1::text[]) GROUP BY "channelId"`,
      [Object.keys(since)],
    );
    return Object.fromEntries(rows.map((row) => [row.channelId, row.ids.filter((id) => id >= since[row.channelId])]));
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- measuring

type ConnectResult = {
  setup: string;
  seconds: number;
  handshakeSeconds: number;
  rssBeforeMb: number;
  rssIdleMb: number;
  kbPerSocket: number;
  heapKbPerSocket: number;
  sqlPerConnect: number;
  cpuSeconds: number;
  postgresSeconds: number;
};

async function connectAll(
  setup: "app" | "bare",
  server: Child & { port: number },
  pool: Child[],
  shares: StormClient[][],
): Promise<ConnectResult> {
  const url = `http://127.0.0.1:${server.port}`;
  // warm-up (caches, pools, compiled code), so that the difference below is what the sockets hold
  const warmUp = Math.ceil(Math.min(200, clients / 10) / pool.length);
  await Promise.all(
    pool.map((worker, i) =>
      worker.request(
        { type: "connect", url, clients: shares[i].slice(0, warmUp), concurrency } satisfies ToClients,
        "connected",
      ),
    ),
  );
  await Promise.all(pool.map((worker) => worker.request({ type: "disconnect" } satisfies ToClients, "disconnected")));
  await sleep(1_000);
  const before = await settledUsage(server);
  const postgresBefore = postgresCpuSeconds();
  if (process.env.HEAP_SNAPSHOT_DIR)
    console.log(
      `${setup}: heap snapshot before ${(await server.request<{ file: string }>({ type: "heap-snapshot", dir: process.env.HEAP_SNAPSHOT_DIR })).file}`,
    );
  const results = await Promise.all(
    pool.map((worker, i) =>
      worker.request<{ started: number; handshakesDone: number; finished: number; failed: string | null }>(
        { type: "connect", url, clients: shares[i], concurrency } satisfies ToClients,
        "connected",
      ),
    ),
  );
  const failed = results.find((r) => r.failed);
  if (failed) throw new Error(`${setup}: ${failed.failed}`);
  const started = Math.min(...results.map((r) => r.started));
  const seconds = (Math.max(...results.map((r) => r.finished)) - started) / 1000;
  const handshakeSeconds = (Math.max(...results.map((r) => r.handshakesDone)) - started) / 1000;
  await sleep(idleSeconds * 1000);
  const postgresSeconds = postgresCpuSeconds() - postgresBefore;
  const idle = await settledUsage(server);
  if (process.env.HEAP_SNAPSHOT_DIR)
    console.log(
      `${setup}: heap snapshot ${(await server.request<{ file: string }>({ type: "heap-snapshot", dir: process.env.HEAP_SNAPSHOT_DIR })).file}`,
    );
  if (idle.sockets !== clients) throw new Error(`${setup}: server counts ${idle.sockets} sockets, expected ${clients}`);
  return {
    setup,
    seconds,
    handshakeSeconds,
    rssBeforeMb: before.rssBytes / 2 ** 20,
    rssIdleMb: idle.rssBytes / 2 ** 20,
    kbPerSocket: (idle.rssBytes - before.rssBytes) / 1024 / clients,
    heapKbPerSocket: (idle.heapUsedBytes - before.heapUsedBytes) / 1024 / clients,
    sqlPerConnect: (idle.sqlStatements - before.sqlStatements) / clients,
    postgresSeconds,
    cpuSeconds: (idle.cpuUserMicros + idle.cpuSystemMicros - before.cpuUserMicros - before.cpuSystemMicros) / 1e6,
  };
}

async function workerStats(pool: Child[]) {
  const all = await Promise.all(
    pool.map((worker) =>
      worker.request<{
        connected: number;
        presenceBatches: number;
        presenceBytes: number;
        liveMessages: number;
        catchUpFailures: number;
        subscribeFailures: number;
        reconnects: number;
        failures: Record<string, number>;
      }>({ type: "stats" }),
    ),
  );
  const sum = (pick: (s: (typeof all)[number]) => number) => all.reduce((n, s) => n + pick(s), 0);
  return {
    connected: sum((s) => s.connected),
    presenceBatches: sum((s) => s.presenceBatches),
    presenceBytes: sum((s) => s.presenceBytes),
    liveMessages: sum((s) => s.liveMessages),
    catchUpFailures: sum((s) => s.catchUpFailures),
    subscribeFailures: sum((s) => s.subscribeFailures),
    reconnects: sum((s) => s.reconnects),
    failures: all.reduce<Record<string, number>>((total, s) => {
      for (const [what, n] of Object.entries(s.failures)) total[what] = (total[what] ?? 0) + n;
      return total;
    }, {}),
  };
}

/** Asks every client process whether its clients hold exactly the stored messages; retries until `deadline`. */
async function verify(pool: Child[], stored: () => Promise<Record<string, string[]>>, deadline: number) {
  for (;;) {
    const expected = await stored();
    const answers = await Promise.all(
      pool.map((worker) =>
        worker.request<{ complete: number; total: number; problems: string[] }>(
          { type: "verify", expected } satisfies ToClients,
          "verified",
        ),
      ),
    );
    const complete = answers.reduce((n, a) => n + a.complete, 0);
    if (complete === clients || clock() > deadline)
      return { complete, problems: answers.flatMap((a) => a.problems).slice(0, 5) };
    await sleep(250);
  }
}

// ---------------------------------------------------------------- main

let databaseName: string | null = null;

async function main() {
  const runStarted = performance.now();
  const loadBefore = machineLine();
  const fdLimit = Number(execSync("ulimit -Sn", { shell: "/bin/sh" }).toString().trim());
  if (Number.isFinite(fdLimit) && fdLimit < clients * 2 + 500)
    throw new Error(`open-file limit ${fdLimit} is too low for ${clients} sockets (and their catch-up requests)`);

  databaseName = `bench_storm_${Date.now()}`;
  const url = databaseUrl(databaseName);
  const secret = randomBytes(32).toString("base64url");
  // The domain (used here to store messages while the server is down) reads these on first use.
  const env = {
    DATABASE_URL: url,
    NEXTAUTH_SECRET: secret,
    SOCKETS_PER_IP: String(clients + 100),
    SEND_RATE_LIMIT: "100000/1",
    SEND_MIN_GAP_MS: "0",
  };
  Object.assign(process.env, env);
  await createDatabase(databaseName);
  const seedStarted = performance.now();
  await applyMigrations(url);
  await seed(url);
  const { sendMessage } = await import("../lib/domain/messages");
  const { disconnectDb } = await import("../lib/db");
  const { stopUsage } = await import("../lib/domain/usage");
  const sender = { userId: SENDER };
  const newest: Record<string, MessageDTO> = {};
  for (let k = 0; k < communities; k++)
    newest[channelId(k)] = await sendMessage(sender, {
      channelId: channelId(k),
      content: `before the storm ${k}`,
      nonce: `seed-${k}`,
    });
  const users = Array.from({ length: clients + 1 }, (_, i) => ({ id: benchUserId(i), name: `User ${i}` }));
  const cookies = (await benchSessionTokens(url, users, secret)).map((token) => `next-auth.session-token=${token}`);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const version = await postgresVersion(url);

  const pool = await startWorkers(workers);
  const shareOf = (withSessions: boolean) => {
    const shares: StormClient[][] = pool.map(() => []);
    for (let c = 0; c < clients; c++) {
      const channel = channelId(communitiesOf(c)[0]);
      shares[c % pool.length].push({
        index: c,
        channelId: channel,
        ...(withSessions ? { cookie: cookies[c + 1], newest: newest[channel] } : { newest: null }),
      });
    }
    return shares;
  };

  const results: ConnectResult[] = [];
  let storm: Record<string, number | string> | null = null;

  for (const setup of setups as ("app" | "bare")[]) {
    if (setup === "bare") {
      const bare = await startServer("bare", env);
      try {
        results.push(await connectAll("bare", bare, pool, shareOf(false)));
      } finally {
        await Promise.all(pool.map((worker) => worker.request({ type: "disconnect" }, "disconnected")));
        await stopChild(bare);
      }
      continue;
    }

    let app = await startServer("app", env);
    const port = app.port;
    const appUrl = `http://127.0.0.1:${port}`;
    const caughtUp = new Map<number, number>(); // client → when it finished catching up after the restart
    const reconnectsFrom = { at: Infinity };
    for (const worker of pool)
      worker.on("caught-up", ({ index, at, connects }: { index: number; at: number; connects: number }) => {
        if (connects >= 2 && at >= reconnectsFrom.at && !caughtUp.has(index)) caughtUp.set(index, at);
      });
    let senderSocket: Socket | null = null;
    try {
      results.push(await connectAll("app", app, pool, shareOf(true)));
      const afterConnect = await workerStats(pool);
      if (!restart) continue;

      // the sender: one more signed-in client, sending through message:send like a browser
      senderSocket = connect(appUrl, {
        transports: ["websocket"],
        extraHeaders: { origin: appUrl, cookie: cookies[0] },
        forceNew: true,
        reconnectionDelayMax: 5_000,
      });
      await new Promise<void>((resolve) => senderSocket!.once("connect", () => resolve()));
      let sent = 0;
      const sendLive = async () => {
        for (let k = 0; k < communities; k++)
          senderSocket!.emit(
            "message:send",
            { channelId: channelId(k), content: `live ${sent}`, nonce: `live-${k}-${sent}` },
            () => {},
          );
        sent++;
      };
      await sendLive();
      const since = Object.fromEntries(Object.entries(newest).map(([id, message]) => [id, message.id]));
      await sleep(500);
      const stored = () => channelIds(url, since);
      const live = await verify(pool, stored, clock() + 15_000);
      if (live.complete !== clients)
        throw new Error(`before the restart, ${live.complete}/${clients} clients got a live message: ${live.problems}`);

      // restart: the server goes away, messages are stored meanwhile, a new server comes up on the same port
      const stopAt = clock();
      reconnectsFrom.at = stopAt;
      await stopChild(app);
      const stoppedAt = clock();
      for (let i = 0; i < outageMessages; i++)
        for (let k = 0; k < communities; k++)
          await sendMessage(sender, { channelId: channelId(k), content: `while down ${i}`, nonce: `down-${k}-${i}` });
      const startAt = clock();
      app = await startServer("app", env, port);
      const readyAt = clock();
      const liveFrom = sent;
      const liveTimer = setInterval(
        () => void (senderSocket!.connected && sent - liveFrom < liveMessages && sendLive()),
        Math.max(50, 1000 / Math.max(livePerSecond, 0.001)),
      );
      const deadline = readyAt + stormTimeoutMs;
      while (caughtUp.size < clients && clock() < deadline) await sleep(100);
      clearInterval(liveTimer);
      const allCaughtUpAt = caughtUp.size ? Math.max(...caughtUp.values()) : NaN;
      const final = await verify(pool, stored, clock() + 15_000);
      const stats = await workerStats(pool);
      const usage = await app.request<Usage>({ type: "usage" });
      const times = Float64Array.from([...caughtUp.values()].map((at) => (at - readyAt) / 1000)).sort();
      storm = {
        stopSeconds: (stoppedAt - stopAt) / 1000,
        downSeconds: (readyAt - stopAt) / 1000,
        startSeconds: (readyAt - startAt) / 1000,
        caughtUp: caughtUp.size,
        fromStop: (allCaughtUpAt - stopAt) / 1000,
        fromReady: (allCaughtUpAt - readyAt) / 1000,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        complete: final.complete,
        problems: final.problems.join("; "),
        liveSent: sent,
        reconnects: stats.reconnects,
        presenceBatchesPerClient: (stats.presenceBatches - afterConnect.presenceBatches) / clients,
        presenceKbPerClient: (stats.presenceBytes - afterConnect.presenceBytes) / 1024 / clients,
        catchUpFailures: stats.catchUpFailures,
        subscribeFailures: stats.subscribeFailures,
        serverRssMb: usage.rssBytes / 2 ** 20,
        serverCpuSeconds: (usage.cpuUserMicros + usage.cpuSystemMicros) / 1e6,
        events: Object.entries(stats.failures)
          .sort((a, b) => b[1] - a[1])
          .map(([what, n]) => `${n}× ${what}`)
          .join("; "),
        connectPresenceBatches: afterConnect.presenceBatches / clients,
        connectPresenceKb: afterConnect.presenceBytes / 1024 / clients,
      };
    } finally {
      senderSocket?.disconnect();
      await Promise.all(pool.map((worker) => worker.request({ type: "disconnect" }, "disconnected")));
      await stopChild(app);
    }
  }
  await stopUsage();
  await disconnectDb();

  console.log(`\nConnect storm benchmark — ${new Date().toISOString()}`);
  console.log(`before: ${loadBefore}`);
  console.log(`after:  ${machineLine()}`);
  console.log(
    `node ${process.version}; socket.io 4.8 (websocket transport only); PostgreSQL ${version} on ${new URL(url).host}`,
  );
  console.log(
    `${clients} clients (one user each, ${memberships} of ${communities} communities each, viewing one channel), ` +
      `spread over ${pool.length} client processes, ${concurrency} handshakes in flight per process; ` +
      `"handshakes": until every client's connect event; "+ subscribe": until every client's channel:subscribe is answered (on the app, after its rooms are joined); ` +
      `server in a child process${pin ? " on core 0, the client processes on core 1" : ""}; seeded in ${fmt(seedSeconds, 1)} s\n`,
  );
  console.log(
    "| setup | clients | handshakes s | + subscribe s | server CPU s | PostgreSQL CPU s | RSS MB before | RSS MB idle | RSS KB per idle socket | heap KB per socket | SQL per connect |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results)
    console.log(
      `| ${r.setup} | ${clients} | ${fmt(r.handshakeSeconds, 1)} | ${fmt(r.seconds, 1)} | ${fmt(r.cpuSeconds, 1)} | ${r.setup === "app" ? fmt(r.postgresSeconds, 1) : "–"} | ${fmt(r.rssBeforeMb, 0)} | ${fmt(r.rssIdleMb, 0)} | ${fmt(r.kbPerSocket, 1)} | ${fmt(r.heapKbPerSocket, 1)} | ${r.setup === "app" ? fmt(r.sqlPerConnect, 2) : "–"} |`,
    );
  const app = results.find((r) => r.setup === "app");
  const bare = results.find((r) => r.setup === "bare");
  if (app && bare) {
    const timeRatio = app.seconds / bare.seconds;
    const handshakeRatio = app.handshakeSeconds / bare.handshakeSeconds;
    const rssRatio = app.kbPerSocket / bare.kbPerSocket;
    console.log(
      `\napp/bare: connect time (handshake and channel:subscribe answered) ${fmt(timeRatio, 2)}× (target ≤ 2×: ${timeRatio <= 2 ? "met" : "NOT met"}); ` +
        `handshakes alone ${fmt(handshakeRatio, 2)}×; ` +
        `RSS per idle socket ${fmt(rssRatio, 2)}× (target ≤ 1.5×: ${rssRatio <= 1.5 ? "met" : "NOT met"})`,
    );
  }
  if (storm) {
    console.log(
      `\nrestart: the old server stopped in ${fmt(+storm.stopSeconds, 1)} s; ${outageMessages} messages per channel stored while down; ` +
        `the new server listened ${fmt(+storm.downSeconds, 1)} s after the stop began (started in ${fmt(+storm.startSeconds, 1)} s); ` +
        `then ${+storm.liveSent - 1} live messages per channel sent through a socket (${livePerSecond}/s)`,
    );
    console.log(
      `reconnect storm: ${storm.caughtUp}/${clients} clients reconnected and caught up, the last ${fmt(+storm.fromReady, 1)} s after the new server listened ` +
        `(${fmt(+storm.fromStop, 1)} s after the stop began; per client p50 ${fmt(+storm.p50, 1)} s, p99 ${fmt(+storm.p99, 1)} s after listening); ` +
        `target ≤ 15 s: ${+storm.fromReady <= 15 && storm.caughtUp === clients ? "met" : "NOT met"}`,
    );
    console.log(
      `nothing missed: ${storm.complete}/${clients} clients hold exactly every message of their channel, once, in order` +
        `${storm.problems ? ` (${storm.problems})` : ""}; catch-up page failures ${storm.catchUpFailures}, subscribe failures ${storm.subscribeFailures}`,
    );
    console.log(
      `presence per client: ${fmt(+storm.connectPresenceBatches, 1)} batches (${fmt(+storm.connectPresenceKb, 1)} KB) while all connected, ` +
        `${fmt(+storm.presenceBatchesPerClient, 1)} batches (${fmt(+storm.presenceKbPerClient, 1)} KB) during the storm; new server: ${fmt(+storm.serverCpuSeconds, 1)} CPU s since it started, RSS ${fmt(+storm.serverRssMb, 0)} MB after the storm`,
    );
  }
  if (storm?.events) console.log(`client events during the run: ${storm.events}`);
  console.log(`total run time ${fmt((performance.now() - runStarted) / 1000, 0)} s`);
}

runBench(main, { children: running, database: () => databaseName });
