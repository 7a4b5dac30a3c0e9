// Send back-pressure (issue 17, item 4): closed-loop senders over SOCKETS signed-in sockets push
// `message:send` through the app's real send path; each of the IN FLIGHT slots sends a message, waits
// for its answer and sends the next. A refusal that asks to wait (6002029 with retryAfterMs: the
// process's send gate, lib/domain/internal/send-gate.ts) is retried with the same nonce after that
// wait, as the browser's outbox does (components/message/outbox.ts sendFailureHandling). Measured per
// message: first attempt → successful ack. The concurrency is swept; then the peak step's concurrency
// × FACTOR runs with the gate as configured and once more with the queue unbounded ("before").
//   npx tsx bench/send-pressure.ts
//   env (or --name=value flags): STEPS=10,25,50,100,200,400 (in flight per sweep step)  SECONDS=10 (measured per step)
//        WARMUP=3 (s of sending before each step's measurement)  SOCKETS=50 (one user each; slots rotate over them)
//        FACTOR=3 (the overload step: FACTOR × the peak step's in flight)  GATE_OFF_QUEUE=1000000 (SEND_QUEUE_LIMIT and SEND_QUEUE_WAIT_MS of the "before" server)
//        SETUPS=gate,off (which servers run the overload step)  PIN=1 (server on CPU 0, this process on CPU 1)
//        SUBSCRIBE=1 (every socket also joins the channel room: each message goes back to all of them)
//        SEND_CONCURRENCY, SEND_QUEUE_LIMIT, SEND_QUEUE_WAIT_MS, DATABASE_POOL_SIZE: passed to the server (the gate's settings)
//        DATABASE_URL=postgres://…/postgres (default postgres@127.0.0.1:5432; a scratch database is made next to it)
// The app server runs in a child process (bench/fanout-server.ts app); the senders here.
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { backoffMs, sendFailureHandling } from "../components/message/outbox";
import { ErrorCode } from "../lib/error-codes";
import { applyMigrations } from "../lib/postgres/migrate";
import type { UsageReport } from "./fanout-server";
import {
  ask,
  benchChannelId,
  benchChild,
  benchSessionTokens,
  benchUserId,
  createDatabase,
  databaseUrl,
  fileDescriptorLimit,
  fmt,
  gitLine,
  machineLine,
  percentile,
  postgresCpuSeconds,
  postgresVersion,
  runningChildren,
  seedCommunity,
  setting,
  type BenchChild,
  runBench,
} from "./support";

const here = fileURLToPath(import.meta.url);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const steps = (process.env.STEPS ?? "10,25,50,100,200,400").split(",").map((s) => Number(s.trim()));
const seconds = setting("SECONDS", 10);
const warmupSeconds = setting("WARMUP", 3);
const socketCount = Math.max(1, Math.round(setting("SOCKETS", 50)));
const factor = setting("FACTOR", 3);
const gateOffQueue = Math.round(setting("GATE_OFF_QUEUE", 1_000_000));
const setups = (process.env.SETUPS ?? "gate,off").split(",").map((s) => s.trim());
const ackTimeoutMs = setting("ACK_TIMEOUT_MS", 60_000);
const pin = process.env.PIN === "1";
const subscribe = process.env.SUBSCRIBE === "1";

if (!steps.length || steps.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error(`STEPS must list positive whole numbers, got "${process.env.STEPS}"`);
if (!(seconds > 0 && factor > 0)) throw new Error("SECONDS and FACTOR must be positive");
if (setups.some((s) => s !== "gate" && s !== "off")) throw new Error(`SETUPS must list gate and/or off`);

type Answer = { ok: boolean; code?: number; message?: string; retryAfterMs?: number };

type Step = {
  setup: string;
  inFlight: number;
  windowSeconds: number;
  acked: number;
  latencies: Float64Array;
  /** the successful attempt alone (send → ok), of the same messages */
  lastAttempt: Float64Array;
  /** 6002029 answers within the window */
  refusals: number;
  /** acked messages of the window that were refused at least once */
  retried: number;
  failures: Map<string, number>;
  serverCpuSeconds: number;
  postgresCpuSeconds: number;
  clientCpuSeconds: number;
  peakRssMb: number;
  gate: UsageReport["sendGate"];
  drainSeconds: number;
};

/**
 * One step: `inFlight` closed-loop slots over the sockets, WARMUP s unmeasured, SECONDS measured,
 * then the slots stop sending new messages and the ones in flight are waited for.
 */
async function runStep(server: BenchChild, sockets: Socket[], setup: string, inFlight: number): Promise<Step> {
  let current: "warmup" | "measure" | "stop" = "warmup";
  // a function, not the variable: the slots read it after awaits (TypeScript would keep it narrowed)
  const phase = () => current;
  const latencies: number[] = [];
  const lastAttempt: number[] = [];
  let refusals = 0;
  let retried = 0;
  const failures = new Map<string, number>();
  const fail = (key: string) => phase() === "measure" && failures.set(key, (failures.get(key) ?? 0) + 1);
  const prefix = `${setup}-${inFlight}-${Date.now().toString(36)}`;

  const attempt = (socket: Socket, payload: object) =>
    new Promise<Answer>((resolve) =>
      socket
        .timeout(ackTimeoutMs)
        .emit("message:send", payload, (error: Error | null, answer: Answer) =>
          resolve(error ? { ok: false, message: `no answer within ${ackTimeoutMs} ms` } : answer),
        ),
    );

  async function slot(k: number) {
    const socket = sockets[k % sockets.length];
    for (let i = 0; phase() !== "stop"; i++) {
      const nonce = `${prefix}-${k}-${i}`;
      const payload = { channelId: benchChannelId, content: `pressure ${nonce}: the quick brown fox`, nonce };
      const first = performance.now();
      let refused = false;
      for (let failuresInRow = 0; ;) {
        const sent = performance.now();
        const answer = await attempt(socket, payload);
        if (answer?.ok) {
          if (phase() === "measure") {
            latencies.push(performance.now() - first);
            lastAttempt.push(performance.now() - sent);
            if (refused) retried++;
          }
          break;
        }
        const handling = sendFailureHandling({
          code: answer?.code ?? ErrorCode.SERVER,
          message: answer?.message ?? "",
          retryAfterMs: answer?.retryAfterMs,
        });
        if (answer?.code === ErrorCode.RATE_LIMITED && phase() === "measure") refusals++;
        // any other wait (a per-user or per-socket limit) is not what is measured here: shown as a failure too
        const gateBusy = answer?.code === ErrorCode.RATE_LIMITED && answer.message?.startsWith("The server is busy");
        if (handling.kind !== "wait" || !gateBusy)
          fail(`${answer?.code ?? "?"} ${answer?.message ?? JSON.stringify(answer)}`);
        if (handling.kind === "refused" || phase() === "stop") break;
        refused ||= handling.kind === "wait";
        await sleep(handling.kind === "wait" ? handling.ms : backoffMs(++failuresInRow));
        if (phase() === "stop") break;
      }
    }
  }

  const running = Array.from({ length: inFlight }, (_, k) => slot(k));
  await sleep(warmupSeconds * 1000);
  await ask(server, "reset-peak");
  const before = await ask<UsageReport>(server, "usage");
  const pgBefore = postgresCpuSeconds();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  current = "measure";
  await sleep(seconds * 1000);
  current = "stop";
  const windowSeconds = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientBefore);
  const pgAfter = postgresCpuSeconds();
  const after = await ask<UsageReport>(server, "usage");
  const drainStarted = performance.now();
  await Promise.all(running);
  const cpu = (u: UsageReport) => (u.cpuUserMicros + u.cpuSystemMicros) / 1e6;
  return {
    setup,
    inFlight,
    windowSeconds,
    acked: latencies.length,
    latencies: Float64Array.from(latencies).sort(),
    lastAttempt: Float64Array.from(lastAttempt).sort(),
    refusals,
    retried,
    failures,
    serverCpuSeconds: cpu(after) - cpu(before),
    postgresCpuSeconds: pgAfter - pgBefore,
    clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
    peakRssMb: after.peakRssBytes / 2 ** 20,
    gate: after.sendGate,
    drainSeconds: (performance.now() - drainStarted) / 1000,
  };
}

const rate = (s: Step) => s.acked / s.windowSeconds;
const p = (s: Step, q: number) => percentile(s.latencies, q);

function row(s: Step) {
  const pct = (cpuSeconds: number) => fmt((100 * cpuSeconds) / s.windowSeconds, 0);
  return (
    `| ${s.setup} | ${s.inFlight} | ${fmt(rate(s), 0)} | ${fmt(p(s, 50), 1)} | ${fmt(p(s, 95), 1)} | ${fmt(p(s, 99), 1)} | ` +
    `${fmt(s.latencies[s.latencies.length - 1] ?? NaN, 0)} | ${fmt(percentile(s.lastAttempt, 99), 1)} | ${fmt(s.refusals / s.windowSeconds, 0)} | ${fmt(s.acked ? (100 * s.retried) / s.acked : NaN, 1)} | ` +
    `${pct(s.serverCpuSeconds)} | ${pct(s.postgresCpuSeconds)} | ${pct(s.clientCpuSeconds)} | ${fmt(s.peakRssMb, 0)} | ` +
    `${s.gate ? `${s.gate.peakActive} / ${s.gate.peakWaiting}` : "–"} |`
  );
}

const header =
  "| gate | in flight | acked sends/s | ack p50 ms | ack p95 ms | ack p99 ms | max ms | accepted attempt p99 ms | refusals/s | retried % | server CPU % | PostgreSQL CPU % | client CPU % | server RSS MB | gate peak working / waiting |\n" +
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

// ---------------------------------------------------------------- main

let databaseName: string | null = null;

async function startServer(env: Record<string, string>) {
  const server = benchChild([path.join(path.dirname(here), "fanout-server.ts"), "app"], env, pin ? "0" : null);
  const { port } = await server.next<{ port: number }>("ready");
  return { server, url: `http://127.0.0.1:${port}` };
}

async function connectAll(url: string, cookies: string[]) {
  const sockets: Socket[] = [];
  for (const cookie of cookies) {
    const socket = connect(url, {
      transports: ["websocket"],
      extraHeaders: { origin: url, cookie },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    if (subscribe) {
      const ack = await socket.timeout(30_000).emitWithAck("channel:subscribe", { channelId: benchChannelId });
      if (!ack?.ok) throw new Error(`channel:subscribe failed: ${JSON.stringify(ack)}`);
    }
    // the sockets are closed by the server child's exit; nothing reconnects
    socket.on("disconnect", (reason) => {
      if (reason !== "transport close" && reason !== "io client disconnect")
        console.error(`a sender socket was disconnected: ${reason}`);
    });
  }
  return sockets;
}

async function stop(server: BenchChild, sockets: Socket[]) {
  for (const socket of sockets) socket.disconnect();
  const exited = new Promise((resolve) => server.process.once("exit", resolve));
  server.send({ type: "exit" });
  await Promise.race([exited, sleep(8_000)]);
  if (runningChildren.has(server.process)) server.process.kill("SIGKILL");
}

async function main() {
  const runStarted = performance.now();
  const loadBefore = machineLine();
  const fdLimit = fileDescriptorLimit();
  if (Number.isFinite(fdLimit) && fdLimit < socketCount + 200)
    throw new Error(`open-file limit ${fdLimit} is too low for ${socketCount} sockets`);
  if (pin) execSync(`taskset -a -cp 1 ${process.pid}`, { stdio: "ignore" });

  databaseName = `bench_send_pressure_${Date.now()}`;
  const url = databaseUrl(databaseName);
  const secret = randomBytes(32).toString("base64url");
  await createDatabase(databaseName);
  await applyMigrations(url);
  const seed = new pg.Client({ connectionString: url });
  await seed.connect();
  await seedCommunity(seed, socketCount);
  await seed.query("ANALYZE");
  await seed.end();
  const version = await postgresVersion(url);
  const users = Array.from({ length: socketCount }, (_, i) => ({ id: benchUserId(i + 1), name: `User ${i + 1}` }));
  const cookies = (await benchSessionTokens(url, users, secret)).map((token) => `next-auth.session-token=${token}`);

  // The per-user limits (20 sends per 10 s, 100 ms between two, 10 write events/s per socket) are
  // lifted: what is measured is the process's own limit, the send gate.
  const env = {
    DATABASE_URL: url,
    NEXTAUTH_SECRET: secret,
    NEXT_TELEMETRY_DISABLED: "1",
    SOCKETS_PER_IP: String(socketCount + 100),
    SEND_RATE_LIMIT: "100000000/1",
    SEND_MIN_GAP_MS: "0",
    SOCKET_BUDGET_SCALE: "1000000",
  };

  const sweep: Step[] = [];
  const overload: Step[] = [];
  let gateLimits: UsageReport["sendGate"];
  let offLimits: UsageReport["sendGate"];
  let peak = undefined as unknown as Step;
  let offPeak: Step | undefined;
  {
    const { server, url: serverUrl } = await startServer(env);
    const sockets = await connectAll(serverUrl, cookies);
    for (const inFlight of steps) {
      const step = await runStep(server, sockets, "on", inFlight);
      sweep.push(step);
      gateLimits ??= step.gate;
      process.stderr.write(`  sweep: ${row(step)}\n`);
    }
    peak = sweep.reduce((best, s) => (rate(s) > rate(best) ? s : best));
    if (setups.includes("gate")) {
      const step = await runStep(server, sockets, "on", Math.round(factor * peak.inFlight));
      overload.push(step);
      process.stderr.write(`  overload: ${row(step)}\n`);
    }
    await stop(server, sockets);
  }
  if (setups.includes("off")) {
    const { server, url: serverUrl } = await startServer({
      ...env,
      SEND_QUEUE_LIMIT: String(gateOffQueue),
      SEND_QUEUE_WAIT_MS: String(gateOffQueue),
    });
    const sockets = await connectAll(serverUrl, cookies);
    // a fresh process: the peak's own concurrency first (its warm-up, and its own baseline)
    offPeak = await runStep(server, sockets, "off", peak.inFlight);
    process.stderr.write(`  peak, gate off: ${row(offPeak)}\n`);
    const step = await runStep(server, sockets, "off", Math.round(factor * peak.inFlight));
    overload.push(step);
    offLimits = step.gate;
    process.stderr.write(`  overload, gate off: ${row(step)}\n`);
    await stop(server, sockets);
  }

  const limits = (l: UsageReport["sendGate"]) =>
    l
      ? `SEND_CONCURRENCY ${l.concurrency}, SEND_QUEUE_WAIT_MS ${l.maxWaitMs}, SEND_QUEUE_LIMIT ${l.queue}`
      : "unknown (no send reached the gate)";
  console.log(`\nSend back-pressure — ${new Date().toISOString()}`);
  console.log(`${loadBefore} (at start)`);
  console.log(`${machineLine()} (at end)`);
  console.log(
    `node ${process.version}; socket.io 4.8 (websocket); PostgreSQL ${version} on ${new URL(url).host}; ${gitLine()}`,
  );
  console.log(
    `${socketCount} sockets, one user each, in one channel${subscribe ? " (each also subscribed: every message goes back to all of them)" : " (none subscribed to the channel room)"}; ` +
      `closed loop: each in-flight slot sends message:send, waits for the answer, sends the next; a 6002029 refusal is re-sent with the same nonce after retryAfterMs + 50 ms (the browser outbox); ` +
      `latency = first attempt → ok; per step ${warmupSeconds} s warm-up then ${seconds} s measured; per-user send limits lifted (SEND_RATE_LIMIT, SEND_MIN_GAP_MS, SOCKET_BUDGET_SCALE)`,
  );
  console.log(
    `server in a child process (bench/fanout-server.ts app)${pin ? " on CPU 0, senders on CPU 1" : ", not pinned"}; DATABASE_POOL_SIZE ${process.env.DATABASE_POOL_SIZE ?? "10 (default)"}; ` +
      `gate on: ${limits(gateLimits)}; gate off: ${setups.includes("off") ? limits(offLimits) : "not run"}; ` +
      `PostgreSQL CPU is every postgres process on the machine (others' too)\n`,
  );
  console.log(header);
  for (const s of sweep) console.log(row(s));
  if (offPeak) console.log(row(offPeak));
  for (const s of overload) console.log(row(s));
  console.log("");
  for (const s of [...sweep, ...(offPeak ? [offPeak] : []), ...overload]) {
    const failures = [...s.failures].map(([k, n]) => `${n}× ${k}`).join("; ");
    if (failures) console.log(`${s.setup} ${s.inFlight} in flight: FAILED ${failures}`);
  }
  const saturating = sweep.find((s) => rate(s) >= 0.95 * rate(peak));
  console.log(
    `peak: ${peak.inFlight} in flight, ${fmt(rate(peak), 0)} sends/s, p99 ${fmt(p(peak, 99), 1)} ms` +
      (saturating && saturating !== peak
        ? ` (the first step within 5 % of it: ${saturating.inFlight} in flight, ${fmt(rate(saturating), 0)} sends/s)`
        : ""),
  );
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  for (const s of overload) {
    const throughput = rate(s) / rate(peak);
    const p99 = p(s, 99) / p(peak, 99);
    console.log(
      `gate ${s.setup}, ${s.inFlight} in flight (${fmt(s.inFlight / peak.inFlight, 1)}× the peak's): throughput ${fmt(throughput, 3)} of the peak (aim ≥ 0.90: ${verdict(throughput >= 0.9)}); ` +
        `ack p99 ${fmt(p99, 2)}× the peak's (aim ≤ 3: ${verdict(p99 <= 3)}); drained in ${fmt(s.drainSeconds, 1)} s after the window` +
        (s.setup === "off" && offPeak
          ? `; against the same server's own run at the peak's concurrency: throughput ${fmt(rate(s) / rate(offPeak), 3)}, p99 ${fmt(p(s, 99) / p(offPeak, 99), 2)}×`
          : ""),
    );
  }
  console.log(`total run time ${fmt((performance.now() - runStarted) / 1000, 0)} s`);
}

runBench(main, { children: runningChildren, database: () => databaseName });
