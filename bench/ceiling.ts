// The fan-out ceiling (issue 17, item 6): the highest send rate at which every one of VIEWERS
// sockets in one channel gets every message with p99 ≤ P99_MS from send to receive, for the app's
// Socket.IO server and a bare one (no auth, no database) in the same run. The viewers run in
// WORKERS client processes (bench/read-marks.ts's workers: lean engine.io clients that read only the
// send time out of each message, not marking read), so the clients are not what saturates; with PIN=1 the server has CPU 0 and the clients and senders CPU 1 (PostgreSQL
// shares both). Rates start at START and double until a step fails, then BISECT rounds between the
// last pass and the first failure.
//   PIN=1 npx tsx bench/ceiling.ts
//   env (or --name=value flags): VIEWERS=1000  WORKERS=3  SENDERS=50  START=25  BISECT=3  SECONDS=10 (per step)
//        P99_MS=100  DRAIN_MS=5000  MAX_RATE=3200  SETUPS=bare,app  PIN=1  BATCH=50
//        DATABASE_URL=postgres://…/postgres (default postgres@127.0.0.1:5432; a scratch database is made next to it)
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { execSync } from "node:child_process";
import pg from "pg";
import type { Socket } from "socket.io-client";
import { applyMigrations } from "../lib/postgres/migrate";
import type { UsageReport } from "./fanout-server";
import type { WorkerReport, WorkerStart } from "./read-marks";
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
  runBench,
  runningChildren,
  seedCommunity,
  setting,
  signedInSocket,
  type BenchChild,
} from "./support";

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const viewers = setting("VIEWERS", 1000);
const workerCount = Math.max(1, setting("WORKERS", 3));
const senderCount = Math.max(1, setting("SENDERS", 50));
const startRate = setting("START", 25);
const bisectRounds = setting("BISECT", 3);
const seconds = setting("SECONDS", 10);
const p99Limit = setting("P99_MS", 100);
const drainMs = setting("DRAIN_MS", 5_000);
const maxRate = setting("MAX_RATE", 3_200);
const batch = setting("BATCH", 50);
const pin = process.env.PIN === "1";
const setups = (process.env.SETUPS ?? "bare,app").split(",").map((s) => s.trim());
let databaseName: string | null = null;

type Step = {
  rate: number;
  sentRate: number;
  p50: number;
  p99: number;
  deliveredPct: number;
  acksOk: number;
  sent: number;
  serverCpuPct: number;
  postgresCpuPct: number;
  clientBusyPct: number;
  pass: boolean;
};

const cpuSeconds = (u: UsageReport) => (u.cpuUserMicros + u.cpuSystemMicros) / 1e6;

async function measure(
  server: BenchChild,
  workers: BenchChild[],
  senders: Socket[],
  event: string,
  rate: number,
  stepNumber: number,
): Promise<Step> {
  await Promise.all(workers.map((w) => ask<WorkerReport>(w, "report", { reset: true })));
  const total = Math.max(1, Math.round(rate * seconds));
  const usageBefore = await ask<UsageReport>(server, "usage");
  const postgresBefore = postgresCpuSeconds();
  let acks = 0;
  let acksOk = 0;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait >= 1) await sleep(wait);
    senders[i % senders.length].emit(
      event,
      { channelId: benchChannelId, content: `m ${i} ${Date.now()}`, nonce: `s${stepNumber}-${i}` },
      (result: { ok?: boolean }) => {
        acks++;
        if (result?.ok) acksOk++;
      },
    );
  }
  const sentIn = (performance.now() - started) / 1000;
  const usageAfter = await ask<UsageReport>(server, "usage");
  const postgresAfter = postgresCpuSeconds();
  const expected = total * viewers;
  for (const drainStart = performance.now(); performance.now() - drainStart < drainMs;) {
    const progress = await Promise.all(workers.map((w) => ask<{ delivered: number }>(w, "progress")));
    if (progress.reduce((sum, p) => sum + p.delivered, 0) >= expected && acks >= total) break;
    await sleep(100);
  }
  const reports = await Promise.all(workers.map((w) => ask<WorkerReport>(w, "report", { reset: true })));
  const latencies = Float64Array.from(reports.flatMap((r) => r.latencies)).sort();
  const delivered = reports.reduce((sum, r) => sum + r.received.slice(0, total).reduce((a, n) => a + (n ?? 0), 0), 0);
  const p99 = percentile(latencies, 99);
  const deliveredPct = (100 * delivered) / expected;
  return {
    rate,
    sentRate: total / sentIn,
    p50: percentile(latencies, 50),
    p99,
    deliveredPct,
    acksOk,
    sent: total,
    serverCpuPct: (100 * (cpuSeconds(usageAfter) - cpuSeconds(usageBefore))) / sentIn,
    postgresCpuPct: (100 * (postgresAfter - postgresBefore)) / sentIn,
    clientBusyPct: 100 * Math.max(...reports.map((r) => r.eventLoopBusy)),
    pass: p99 <= p99Limit && delivered === expected && acksOk === total,
  };
}

/** Doubles from START until a step fails, then bisects; the ceiling is the highest passing rate. */
async function search(run: (rate: number) => Promise<Step>) {
  const steps: Step[] = [];
  let pass = 0;
  let fail = Infinity;
  for (let rate = startRate; rate <= maxRate; rate *= 2) {
    const step = await run(rate);
    steps.push(step);
    process.stderr.write(
      `    ${rate} msgs/s: p99 ${fmt(step.p99, 1)} ms, ${fmt(step.deliveredPct, 2)} % → ${step.pass}\n`,
    );
    if (!step.pass) {
      fail = rate;
      break;
    }
    pass = rate;
  }
  for (let round = 0; round < bisectRounds && Number.isFinite(fail); round++) {
    const rate = Math.round((pass + fail) / 2);
    if (rate === pass || rate === fail) break;
    const step = await run(rate);
    steps.push(step);
    process.stderr.write(
      `    ${rate} msgs/s: p99 ${fmt(step.p99, 1)} ms, ${fmt(step.deliveredPct, 2)} % → ${step.pass}\n`,
    );
    if (step.pass) pass = rate;
    else fail = rate;
  }
  return { ceiling: pass, steps: steps.sort((a, b) => a.rate - b.rate) };
}

async function main() {
  const loadBefore = os.loadavg();
  const perWorker = Math.ceil(viewers / workerCount) + 100;
  if (fileDescriptorLimit() < perWorker) throw new Error(`raise the open-file limit (ulimit -n ${perWorker + 1024})`);
  if (pin) execSync(`taskset -a -cp 1 ${process.pid}`, { stdio: "ignore" });

  databaseName = `bench_ceiling_${Date.now()}`;
  const url = databaseUrl(databaseName);
  await createDatabase(databaseName);
  await applyMigrations(url);
  const seed = new pg.Client({ connectionString: url });
  await seed.connect();
  await seedCommunity(seed, senderCount + viewers);
  await seed.query("ANALYZE");
  await seed.end();
  const version = await postgresVersion(url);
  const secret = randomBytes(32).toString("base64url");
  const users = Array.from({ length: senderCount + viewers }, (_, i) => ({
    id: benchUserId(i + 1),
    name: `User ${i + 1}`,
  }));
  const cookies = (await benchSessionTokens(url, users, secret)).map((t) => `next-auth.session-token=${t}`);

  const results: { setup: string; ceiling: number; steps: Step[] }[] = [];
  let stepNumber = 0;
  for (const setup of setups) {
    process.stderr.write(`  ${setup}:\n`);
    const server = benchChild(
      [path.join(here, "fanout-server.ts"), setup],
      {
        DATABASE_URL: url,
        NEXTAUTH_SECRET: secret,
        NEXT_TELEMETRY_DISABLED: "1",
        SOCKETS_PER_IP: String(senderCount + viewers + 100),
        // the senders send far faster than people: per-user limits lifted (the gate stays)
        SEND_RATE_LIMIT: "1000000/1",
        SEND_MIN_GAP_MS: "0",
        SOCKET_BUDGET_SCALE: "1000",
      },
      pin ? "0" : null,
    );
    const { port } = await server.next<{ port: number }>("ready");
    const serverUrl = `http://127.0.0.1:${port}`;
    const workers = Array.from({ length: workerCount }, () =>
      benchChild([path.join(here, "read-marks.ts"), "worker"], {}, pin ? "1" : null),
    );
    const viewerCookies = cookies.slice(senderCount);
    await Promise.all(
      workers.map((w, i) => {
        const ready = w.next("ready");
        w.send({
          type: "start",
          url: serverUrl,
          cookies: viewerCookies.filter((_, c) => c % workerCount === i),
          batch,
          legacy: false,
          marks: false,
          lean: true,
        } satisfies WorkerStart);
        return ready;
      }),
    );
    const senders: Socket[] = [];
    for (const cookie of cookies.slice(0, senderCount)) senders.push(await signedInSocket(serverUrl, cookie));
    const event = setup === "app" ? "message:send" : "send";
    // warm-up, not measured
    await measure(server, workers, senders, event, startRate, ++stepNumber);
    const found = await search((rate) => measure(server, workers, senders, event, rate, ++stepNumber));
    results.push({ setup, ...found });
    for (const socket of senders) socket.disconnect();
    for (const w of workers) w.send({ type: "exit" });
    server.send({ type: "exit" });
    await sleep(1_000);
  }

  console.log(`\nFan-out ceiling — ${new Date().toISOString()}`);
  console.log(`${machineLine()}; load average at start ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`node ${process.version}; socket.io 4.8 (websocket); PostgreSQL ${version}; ${gitLine()}`);
  console.log(
    `${viewers} viewers in one channel over ${workerCount} client processes (not marking read), ${senderCount} senders; ` +
      `${seconds} s per step; pass = p99 send → receive ≤ ${p99Limit} ms, every message to every viewer, every send acked ok` +
      `${pin ? "; server on CPU 0, clients and senders on CPU 1" : ""}\n`,
  );
  console.log(
    "| server | msgs/s | sent msgs/s | p50 ms | p99 ms | delivered % | acks ok | server CPU % | PostgreSQL CPU % | busiest client loop % | pass |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const { setup, steps } of results)
    for (const s of steps)
      console.log(
        `| ${setup} | ${s.rate} | ${fmt(s.sentRate, 0)} | ${fmt(s.p50, 1)} | ${fmt(s.p99, 1)} | ${fmt(s.deliveredPct, 2)} | ${s.acksOk}/${s.sent} | ` +
          `${fmt(s.serverCpuPct, 0)} | ${fmt(s.postgresCpuPct, 0)} | ${fmt(s.clientBusyPct, 0)} | ${s.pass ? "yes" : "no"} |`,
      );
  const ceilingOf = (setup: string) => results.find((r) => r.setup === setup)?.ceiling ?? NaN;
  console.log(
    `\nceilings: ${results.map((r) => `${r.setup} ${r.ceiling} msgs/s (${r.ceiling * viewers} deliveries/s)`).join(", ")}` +
      (results.length > 1 ? `; app / bare ${fmt(ceilingOf("app") / ceilingOf("bare"), 2)} (aim ≥ 0.8)` : ""),
  );
}

runBench(main, { children: runningChildren, database: () => databaseName });
