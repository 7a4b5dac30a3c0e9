// Fan-out: CLIENTS socket.io-client connections in one channel, RATE messages/s through the app's real
// send path, against a bare Socket.IO server under the identical load.
//   npx tsx bench/fanout.ts
//   env (or --name=value flags): CLIENTS=1000  RATE=50  SECONDS=20  WARMUP=2 (s, not measured)
//        BATCH=50 (connections opened at once)  DRAIN_MS=10000 (wait for stragglers after the last send)
//        SETUPS=app,bare,cluster  PIN=1 (server children on CPU 0, this process on CPU 1)  SQL_LOG=1 (app server prints its SQL)
//        REDIS_URL=redis://127.0.0.1:6379 (cluster: two app processes over the Redis Streams adapter, clients split between them)
//        SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (extra node flags for the server children)
//        DATABASE_URL=postgres://…/postgres (default postgres@127.0.0.1:5432; a scratch database is made next to it)
// Each server runs in a child process (bench/fanout-server.ts) so its CPU time is its own; the clients
// and the senders live here, so one clock times every send → receive.
import { execSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { applyMigrations } from "../lib/postgres/migrate";
import type { UsageReport } from "./fanout-server";
import {
  benchChannelId,
  benchUserId,
  createDatabase,
  databaseUrl,
  fileDescriptorLimit,
  fmt,
  machineLine,
  percentile,
  postgresVersion,
  seedCommunity,
  setting,
  benchSessionTokens,
  runBench,
} from "./support";

const clients = setting("CLIENTS", 1000);
const rate = setting("RATE", 50);
const seconds = setting("SECONDS", 20);
const warmupSeconds = setting("WARMUP", 2);
const batch = Math.max(1, setting("BATCH", 50));
const drainMs = setting("DRAIN_MS", 10_000);
const pin = process.env.PIN === "1";
type Setup = "app" | "bare" | "cluster";
const setups = (process.env.SETUPS ?? "app,bare").split(",").map((s) => s.trim()) as Setup[];
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const messages = Math.round(rate * seconds);
const warmupMessages = Math.round(rate * warmupSeconds);
const serverEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), "fanout-server.ts");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (!(clients >= 1 && rate > 0 && messages >= 1))
  throw new Error("CLIENTS, RATE and SECONDS must give at least one client and one message");
if (setups.some((s) => s !== "app" && s !== "bare" && s !== "cluster"))
  throw new Error(`SETUPS must list app, bare and/or cluster, got ${process.env.SETUPS}`);

type Result = {
  setup: string;
  sent: number;
  achievedRate: number;
  maxScheduleLagMs: number;
  delivered: number;
  duplicates: number;
  fullyDelivered: number;
  p50: number;
  p99: number;
  max: number;
  ackOk: number;
  ackFailures: Map<string, number>;
  ackP50: number;
  ackP99: number;
  serverCpuSeconds: number;
  serverPeakRssMb: number;
  serverRssAfterConnectMb: number;
  connectSeconds: number;
  benchCpuSeconds: number;
  benchElu: number;
  payloadBytes: number;
  sqlPerSend: number;
};

// ---------------------------------------------------------------- server child process

type Child = { process: ChildProcess; port: number; request: <T>(message: { type: string }) => Promise<T> };

async function startServer(mode: "app" | "bare", env: Record<string, string>): Promise<Child> {
  const extra = (process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean); // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const args = [...extra, "--import", "tsx", serverEntry, mode];
  const child = pin
    ? spawn("taskset", ["-c", "0", process.execPath, ...args], {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        env: { ...process.env, ...env },
      })
    : spawn(process.execPath, args, {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        env: { ...process.env, ...env },
      });
  running.add(child);
  child.once("exit", () => running.delete(child));
  const waiters: Array<{ type: string; resolve: (message: never) => void; reject: (error: Error) => void }> = [];
  child.on("message", (message: { type: string }) => {
    const index = waiters.findIndex((w) => w.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0].resolve(message as never);
  });
  child.once("exit", (code, signal) => {
    for (const w of waiters.splice(0))
      w.reject(new Error(`${mode} server exited (${signal ?? `code ${code}`}) while waiting for "${w.type}"`));
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null)
        return reject(new Error(`${mode} server is not running`));
      waiters.push({ type, resolve: resolve as (message: never) => void, reject });
    });
  const ready = await next<{ port: number }>("ready");
  return {
    process: child,
    port: ready.port,
    request: <T>(message: { type: string }) => {
      const reply = next<T>(message.type);
      child.send(message);
      return reply;
    },
  };
}

async function stopServer(child: Child) {
  const exited = new Promise((resolve) => child.process.once("exit", resolve));
  child.process.send({ type: "exit" });
  await Promise.race([exited, sleep(8_000)]);
  if (running.has(child.process)) child.process.kill("SIGKILL");
}

const running = new Set<ChildProcess>();

// ---------------------------------------------------------------- one setup under load

/** CPU, memory and counters of every server process of a setup, added up. */
async function usageOf(servers: Child[]): Promise<UsageReport> {
  const reports = await Promise.all(servers.map((server) => server.request<UsageReport>({ type: "usage" })));
  const sum = (pick: (r: UsageReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  return {
    type: "usage",
    cpuUserMicros: sum((r) => r.cpuUserMicros),
    cpuSystemMicros: sum((r) => r.cpuSystemMicros),
    rssBytes: sum((r) => r.rssBytes),
    peakRssBytes: sum((r) => r.peakRssBytes),
    heapUsedBytes: sum((r) => r.heapUsedBytes),
    sockets: sum((r) => r.sockets),
    sqlStatements: sum((r) => r.sqlStatements),
  };
}

async function runSetup(
  setup: Setup,
  env: Record<string, string>,
  cookies: string[],
  template: { value: Record<string, unknown> | null },
): Promise<Result> {
  const mode = setup === "bare" ? "bare" : "app";
  const servers =
    setup === "cluster"
      ? await Promise.all([
          startServer(mode, { ...env, REDIS_URL: redisUrl }),
          startServer(mode, { ...env, REDIS_URL: redisUrl }),
        ])
      : [await startServer(mode, env)];
  const urls = servers.map((server) => `http://127.0.0.1:${server.port}`);
  const url = urls[0];
  const sockets: Socket[] = [];
  try {
    if (setup === "bare" && template.value)
      await servers[0].request({ type: "template", template: template.value } as { type: string });
    if (setup === "cluster") {
      // both processes know each other before anything is sent
      for (let tries = 0; ; tries++) {
        const counts = await Promise.all(
          servers.map((server) => server.request<{ count: number }>({ type: "servers" })),
        );
        if (counts.every((c) => c.count === servers.length)) break;
        if (tries > 100)
          throw new Error(
            `cluster: the adapters see ${counts.map((c) => c.count).join("/")} servers, expected ${servers.length}`,
          );
        await sleep(200);
      }
    }

    if (mode === "app") {
      // The handshake really is the app's: a foreign Origin and a missing session are refused.
      for (const [label, headers] of [
        ["foreign Origin", { origin: "http://evil.example", cookie: cookies[0] }],
        ["no session cookie", { origin: url }],
      ] as const) {
        const refused = await new Promise<boolean>((resolve) => {
          const probe = connect(url, {
            transports: ["websocket"],
            extraHeaders: headers,
            reconnection: false,
            forceNew: true,
          });
          probe.once("connect", () => (probe.disconnect(), resolve(false)));
          probe.once("connect_error", () => (probe.close(), resolve(true)));
        });
        if (!refused) throw new Error(`app handshake accepted a client with ${label}`);
      }
    }

    // Per (message, client) bookkeeping; the index of a message is in its nonce.
    const measuredPrefix = `${setup}-m-`;
    const sentAt = new Float64Array(messages);
    const received = new Int32Array(messages);
    const seen = new Uint8Array(messages * clients);
    const latencies = new Float64Array(messages * clients);
    let count = 0;
    let duplicates = 0;
    let payloadBytes = 0;

    const connectStarted = performance.now();
    for (let from = 0; from < clients; from += batch) {
      const group = [];
      for (let c = from; c < Math.min(clients, from + batch); c++) {
        const serverUrl = urls[c % urls.length];
        const extraHeaders: Record<string, string> = { origin: serverUrl };
        if (mode === "app") extraHeaders.cookie = cookies[c];
        const socket = connect(serverUrl, {
          transports: ["websocket"],
          extraHeaders,
          reconnection: false,
          forceNew: true,
          timeout: 60_000,
        });
        sockets.push(socket);
        socket.on("message:new", (message: { nonce?: unknown }) => {
          const now = performance.now();
          // The app's message shape, so the bare server broadcasts the same bytes.
          if (mode === "app" && !template.value && message && typeof message === "object")
            template.value = { ...message };
          const nonce = message?.nonce;
          if (typeof nonce !== "string" || !nonce.startsWith(measuredPrefix)) return;
          const i = Number(nonce.slice(measuredPrefix.length));
          const key = i * clients + c;
          if (seen[key]) {
            duplicates++;
            return;
          }
          seen[key] = 1;
          received[i]++;
          latencies[count++] = now - sentAt[i];
          if (payloadBytes === 0) payloadBytes = Buffer.byteLength(JSON.stringify(message));
        });
        group.push(
          new Promise<void>((resolve, reject) => {
            socket.once("connect", resolve);
            socket.once("connect_error", (error) => reject(new Error(`client ${c}: ${error.message}`)));
          }).then(async () => {
            if (mode !== "app") return;
            // The app joins a channel room only after the domain says the user may read it.
            const ack = await socket.timeout(60_000).emitWithAck("channel:subscribe", { channelId: benchChannelId });
            if (!ack?.ok) throw new Error(`client ${c}: channel:subscribe failed: ${JSON.stringify(ack)}`);
          }),
        );
      }
      await Promise.all(group);
      if ((from + batch) % 250 < batch || from + batch >= clients) {
        process.stderr.write(`  ${setup}: ${Math.min(clients, from + batch)}/${clients} connected\r`);
      }
    }
    process.stderr.write("\n");
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const afterConnect = await usageOf(servers);
    if (afterConnect.sockets !== clients)
      throw new Error(`${setup}: server counts ${afterConnect.sockets} sockets, expected ${clients}`);

    const event = mode === "app" ? "message:send" : "send";
    const content = (i: number) => `Fan-out benchmark message ${i}: the quick brown fox jumps over the lazy dog.`;
    let ackOk = 0;
    const ackFailures = new Map<string, number>();
    const ackLatencies: number[] = [];

    /** Open loop: sends on schedule whatever the acks do; senders rotate over all clients. */
    async function sendAll(prefix: string, total: number, record: boolean) {
      const started = performance.now();
      let maxLag = 0;
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait >= 1) await sleep(wait);
        const now = performance.now();
        maxLag = Math.max(maxLag, now - due);
        if (record) sentAt[i] = now;
        sockets[i % sockets.length].emit(
          event,
          { channelId: benchChannelId, content: content(i), nonce: prefix + i },
          (result: { ok?: boolean; code?: number; message?: string }) => {
            if (!record) return;
            ackLatencies.push(performance.now() - now);
            if (result?.ok) ackOk++;
            else {
              const key = `${result?.code ?? "?"} ${result?.message ?? JSON.stringify(result)}`;
              ackFailures.set(key, (ackFailures.get(key) ?? 0) + 1);
            }
          },
        );
      }
      return { first: started, last: performance.now(), maxLag };
    }

    // Warm-up (not measured), then a quiet second.
    if (warmupMessages > 0) {
      await sendAll(`${setup}-w-`, warmupMessages, false);
      await sleep(1_000);
    }

    await Promise.all(servers.map((server) => server.request({ type: "reset-peak" })));
    const before = await usageOf(servers);
    const benchCpuBefore = process.cpuUsage();
    const eluBefore = performance.eventLoopUtilization();
    const sending = await sendAll(measuredPrefix, messages, true);
    const expected = messages * clients;
    while ((count < expected || ackLatencies.length < messages) && performance.now() - sending.last < drainMs)
      await sleep(20);
    const after = await usageOf(servers);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const elu = performance.eventLoopUtilization(eluBefore);

    const sorted = latencies.subarray(0, count).sort();
    const acks = Float64Array.from(ackLatencies).sort();
    return {
      setup,
      sent: messages,
      achievedRate: messages > 1 ? ((messages - 1) * 1000) / (sending.last - sending.first) : rate,
      maxScheduleLagMs: sending.maxLag,
      delivered: count,
      duplicates,
      fullyDelivered: received.reduce((n, r) => n + (r === clients ? 1 : 0), 0),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      ackOk,
      ackFailures,
      ackP50: percentile(acks, 50),
      ackP99: percentile(acks, 99),
      serverCpuSeconds:
        (after.cpuUserMicros + after.cpuSystemMicros - before.cpuUserMicros - before.cpuSystemMicros) / 1e6,
      serverPeakRssMb: after.peakRssBytes / 2 ** 20,
      serverRssAfterConnectMb: afterConnect.rssBytes / 2 ** 20,
      connectSeconds,
      benchCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
      benchElu: elu.utilization,
      payloadBytes,
      sqlPerSend: (after.sqlStatements - before.sqlStatements) / messages,
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(servers.map(stopServer));
  }
}

// ---------------------------------------------------------------- main

let databaseName: string | null = null;

async function main() {
  const runStarted = performance.now();
  // Each process holds one descriptor per socket (the clients here, the server in its child).
  const fdLimit = fileDescriptorLimit();
  if (Number.isFinite(fdLimit) && fdLimit < clients + 200) {
    throw new Error(
      `open-file limit is ${fdLimit}, too low for ${clients} sockets per process: raise it (ulimit -n ${clients + 1024}) and run again`,
    );
  }
  if (pin) execSync(`taskset -a -cp 1 ${process.pid}`, { stdio: "ignore" });

  databaseName = `bench_fanout_${Date.now()}`;
  const url = databaseUrl(databaseName);
  const secret = randomBytes(32).toString("base64url");
  await createDatabase(databaseName);
  const seedStarted = performance.now();
  await applyMigrations(url);
  const seed = new pg.Client({ connectionString: url });
  await seed.connect();
  await seedCommunity(seed, clients);
  await seed.query("ANALYZE");
  await seed.end();
  const version = await postgresVersion(url);
  // Session cookies the way next-auth makes them (lib/session-token.ts reads them back).
  const users = Array.from({ length: clients }, (_, c) => ({ id: benchUserId(c + 1), name: `User ${c + 1}` }));
  const cookies = (await benchSessionTokens(url, users, secret)).map((token) => `next-auth.session-token=${token}`);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  // every simulated client connects from this machine
  const env = {
    DATABASE_URL: url,
    NEXTAUTH_SECRET: secret,
    NEXT_TELEMETRY_DISABLED: "1",
    SOCKETS_PER_IP: String(clients + 100),
  };
  const template: { value: Record<string, unknown> | null } = { value: null };
  const results: Result[] = [];
  for (const setup of setups) results.push(await runSetup(setup, env, cookies, template));

  const expected = messages * clients;
  const perDelivery = (r: Result) => (r.delivered ? (r.serverCpuSeconds * 1e6) / r.delivered : NaN);
  console.log(`\nFan-out benchmark — ${new Date().toISOString()}`);
  console.log(machineLine());
  console.log(
    `node ${process.version}; socket.io 4.8 (websocket transport only); PostgreSQL ${version} on ${new URL(url).host}`,
  );
  console.log(
    `${clients} clients in one channel of one community, ${rate} msgs/s for ${seconds} s (${messages} messages, ${expected.toLocaleString("en-US")} deliveries expected per setup) ` +
      `after ${warmupSeconds} s of warm-up; senders rotate over the clients (each receives its own message too); open loop; drain ≤ ${drainMs / 1000} s`,
  );
  console.log(
    `server in a child process${pin ? " pinned to CPU 0 (clients on CPU 1)" : ", not pinned (shares the cores with the clients)"}; ` +
      `app = lib/socket/server.ts (session cookie + Origin handshake, channel:subscribe, message:send → sendMessage → PostgreSQL → room); ` +
      `bare = Socket.IO broadcasting a same-shape message to a room, no auth, no database; seeded ${clients} users + memberships in ${seedSeconds.toFixed(1)} s\n`,
  );
  console.log(
    "| setup | clients | msgs/s | messages | delivered % | p50 ms | p99 ms | server CPU s | CPU µs per delivery | RSS MB |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(
      `| ${r.setup} | ${clients} | ${rate} | ${r.sent} | ${fmt((100 * r.delivered) / expected, 2)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.serverCpuSeconds, 2)} | ${fmt(perDelivery(r), 1)} | ${fmt(r.serverPeakRssMb, 0)} |`,
    );
  }
  console.log("");
  for (const r of results) {
    const failures = [...r.ackFailures].map(([k, n]) => `${n}× ${k}`).join("; ");
    console.log(
      `${r.setup}: sent at ${fmt(r.achievedRate, 1)} msgs/s (max ${fmt(r.maxScheduleLagMs, 1)} ms behind schedule); ` +
        `acks ${r.ackOk}/${r.sent} ok, send→ack p50 ${fmt(r.ackP50, 1)} / p99 ${fmt(r.ackP99, 1)} ms${failures ? `; FAILED: ${failures}` : ""}; ` +
        `${r.fullyDelivered}/${r.sent} messages reached every client; latency max ${fmt(r.max, 1)} ms; duplicates ${r.duplicates}; message:new payload ${r.payloadBytes} bytes; ${r.setup !== "bare" ? `${fmt(r.sqlPerSend, 1)} SQL statements per send; ` : ""}` +
        `${clients} connected in ${fmt(r.connectSeconds, 1)} s, server RSS then ${fmt(r.serverRssAfterConnectMb, 0)} MB (RSS MB column: peak while sending); ` +
        `client process ${fmt(r.benchCpuSeconds, 2)} CPU s, event loop ${fmt(100 * r.benchElu, 0)} % busy`,
    );
  }
  const app = results.find((r) => r.setup === "app");
  const bare = results.find((r) => r.setup === "bare");
  const cluster = results.find((r) => r.setup === "cluster");
  console.log("");
  if (app && bare) console.log(`CPU per delivery app/bare: ${fmt(perDelivery(app) / perDelivery(bare), 2)}×`);
  if (cluster) {
    console.log(
      `cluster = two app processes (REDIS_URL ${redisUrl}, Socket.IO Redis Streams adapter), clients alternating between them, senders rotating over all clients` +
        `${pin ? ", both pinned to CPU 0 like the single server" : ""}`,
    );
    if (app) {
      console.log(
        `target (cluster): p99 ≤ single-process p99 + 10 ms (${fmt(app.p99 + 10, 1)} ms): ${cluster.p99 <= app.p99 + 10 ? "met" : "NOT met"} (cluster p99 ${fmt(cluster.p99, 1)} ms); ` +
          `100 % delivered: ${cluster.delivered === expected && cluster.ackOk === cluster.sent ? "met" : "NOT met"}`,
      );
    }
  }
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  if (app) {
    console.log(
      `targets (app): p99 ≤ 100 ms: ${verdict(app.p99 <= 100)}; 100 % delivered: ${verdict(app.delivered === expected && app.ackOk === app.sent)}; ` +
        `CPU per delivery ≤ 1.5× bare: ${bare ? verdict(perDelivery(app) / perDelivery(bare) <= 1.5) : "no bare run"}`,
    );
  }
  console.log(`total run time ${fmt((performance.now() - runStarted) / 1000, 0)} s`);
}

runBench(main, { children: running, database: () => databaseName });
