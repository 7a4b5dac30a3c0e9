// Unread activity at community scale: MEMBERS signed-in members of one community with CHANNELS public
// channels are connected and view no channel (the members a message does not show itself to), while
// SENDERS other members send RATE messages/s round-robin over the channels through the app's real
// send path, every MENTION_EVERY-th one mentioning a member by @username. Measured: the app server's
// CPU per message and what every member receives, counted below Socket.IO (every WebSocket frame and
// engine.io packet, whatever its event name), per member and second.
//   npx tsx bench/activity.ts
//   env (or --name=value flags): MEMBERS=10000  CHANNELS=100  RATE=20  SECONDS=20  WARMUP=2 (s, not measured)
//        MENTION_EVERY=10 (0: no mentions)  SENDERS=10  WORKERS=4 (client processes the members are spread over)
//        CONCURRENCY=50 (handshakes in flight per client process)  QUIET_MS=3000 (no packet to any member
//        for this long: the server has told everything)  DRAIN_S=300 (wait at most this long for quiet)
//        PIN=1 (server on CPU 0, members and senders on CPU 1)
//        DATABASE_URL=postgres://…/postgres (default postgres@127.0.0.1:5432; a scratch database is made next to it)
// The app server runs in a child process (bench/fanout-server.ts app), the members in WORKERS child
// processes of this script (`activity.ts worker`), the senders here. A member is an engine.io-client
// connection (the transport under socket.io-client, websocket only) that joins the "/" namespace with
// the session cookie and never decodes an event: it only counts what arrives.
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Socket as Engine } from "engine.io-client";
import pg from "pg";
import type { Socket } from "socket.io-client";
import { applyMigrations } from "../lib/postgres/migrate";
import type { UsageReport } from "./fanout-server";
import {
  ask,
  benchChannelId,
  benchChild,
  benchCommunityId,
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
  processCpuSeconds,
  runningChildren,
  seedCommunity,
  setting,
  type BenchChild,
  runBench,
  signedInSocket,
} from "./support";

const here = fileURLToPath(import.meta.url);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- worker: a share of the members

type Member = { index: number; cookie: string };
type ToWorker = { type: "connect"; url: string; members: Member[]; concurrency: number } | { type: "exit" };
/** Totals since the worker started (the parent subtracts snapshots). */
type Progress = { type: "progress"; bytes: number; packets: number; pings: number; lastPacketAt: number };
type Snapshot = {
  type: "snapshot";
  /** per member of this worker, in the order given: WebSocket bytes received (payload + frame header) */
  bytes: number[];
  /** per member: engine.io message packets received (each one Socket.IO packet: no binary events here) */
  packets: number[];
  indexes: number[];
  pings: number;
  closed: number;
  cpuSeconds: number;
  eventLoopBusy: number;
};

/** A WebSocket frame from the server: 2 header bytes, 4 from 126 bytes of payload, 10 from 64 KiB. */
const frameBytes = (payload: number) => payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);

async function worker() {
  const engines: Engine[] = [];
  const indexes: number[] = [];
  const bytes: number[] = [];
  const packets: number[] = [];
  let totalBytes = 0;
  let totalPackets = 0;
  let pings = 0;
  let closed = 0;
  let lastPacketAt = 0;
  let cpuFrom = process.cpuUsage();
  let eluFrom = performance.eventLoopUtilization();

  /** One member: engine.io over a WebSocket, then Socket.IO's CONNECT to "/" (what socket.io-client sends). */
  const open = (url: string, member: Member, slot: number) =>
    new Promise<void>((resolve, reject) => {
      const engine = new Engine(url, {
        path: "/socket.io/",
        transports: ["websocket"],
        extraHeaders: { origin: url, cookie: member.cookie },
      });
      engines.push(engine);
      let connected = false;
      engine.on("open", () => engine.send("0"));
      engine.on("packet", (packet) => {
        const data = packet.data as string | ArrayBuffer | Buffer | undefined;
        const size = frameBytes(
          1 + (typeof data === "string" ? Buffer.byteLength(data) : data ? (data as ArrayBuffer).byteLength : 0),
        );
        bytes[slot] += size;
        totalBytes += size;
        if (packet.type === "ping") {
          pings++;
          return;
        }
        if (packet.type !== "message") return;
        packets[slot]++;
        totalPackets++;
        lastPacketAt = Date.now();
        if (!connected && typeof data === "string") {
          // Socket.IO's answer to CONNECT: "0{sid}" admitted, "4{message}" refused by the middleware
          if (data.startsWith("0")) {
            connected = true;
            resolve();
          } else if (data.startsWith("4")) reject(new Error(`member ${member.index}: refused ${data.slice(1)}`));
        }
      });
      engine.on("close", (reason) => {
        closed++;
        if (!connected) reject(new Error(`member ${member.index}: closed before connecting (${reason})`));
      });
      engine.on("error", (error) => !connected && reject(new Error(`member ${member.index}: ${String(error)}`)));
    });

  process.on("message", async (message: ToWorker | { type: "progress" | "snapshot" }) => {
    if (message.type === "connect") {
      let next = 0;
      let failed: string | null = null;
      for (const member of message.members) {
        indexes.push(member.index);
        bytes.push(0);
        packets.push(0);
      }
      const lane = async () => {
        while (next < message.members.length && !failed) {
          const slot = next++;
          await open(message.url, message.members[slot], slot).catch((error: Error) => {
            failed = error.message;
          });
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, message.concurrency) }, lane));
      process.send!({ type: "connected", failed });
    } else if (message.type === "progress") {
      process.send!({
        type: "progress",
        bytes: totalBytes,
        packets: totalPackets,
        pings,
        lastPacketAt,
      } satisfies Progress);
    } else if (message.type === "snapshot") {
      const cpu = process.cpuUsage(cpuFrom);
      const report: Snapshot = {
        type: "snapshot",
        bytes: [...bytes],
        packets: [...packets],
        indexes,
        pings,
        closed,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        eventLoopBusy: performance.eventLoopUtilization(eluFrom).utilization,
      };
      cpuFrom = process.cpuUsage();
      eluFrom = performance.eventLoopUtilization();
      process.send!(report);
    } else if (message.type === "exit") {
      for (const engine of engines) engine.close();
      process.exit(0);
    }
  });
  process.on("disconnect", () => process.exit(0));
  process.send!({ type: "ready" });
}

// ---------------------------------------------------------------- main

const members = Math.max(1, setting("MEMBERS", 10_000));
const channels = Math.max(1, setting("CHANNELS", 100));
const rate = setting("RATE", 20);
const seconds = setting("SECONDS", 20);
const warmupSeconds = setting("WARMUP", 2);
const mentionEvery = setting("MENTION_EVERY", 10);
const senders = Math.max(1, setting("SENDERS", 10));
const workers = Math.max(1, Math.min(members, setting("WORKERS", 4)));
const concurrency = Math.max(1, setting("CONCURRENCY", 50));
const quietMs = setting("QUIET_MS", 3000);
const drainMs = setting("DRAIN_S", 300) * 1000;
const pin = process.env.PIN === "1";
const messages = Math.max(1, Math.round(rate * seconds));
let databaseName: string | null = null;

/** Channel k: the General channel, then bench-channel-001 … */
const channelId = (k: number) => (k === 0 ? benchChannelId : `${benchChannelId}-${String(k).padStart(3, "0")}`);
/** Users 1 … SENDERS send (user 1 owns the community); member m (0-based) is user SENDERS + 1 + m. */
const memberUser = (m: number) => senders + 1 + m;

/** `users` users in one community (seedCommunity) and `channels` public channels in it. */
async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await seedCommunity(client, senders + members);
    await client.query(`
      INSERT INTO "Channel" ("id", "communityId", "name", "kind", "position", "mutedRoles")
      SELECT '${benchChannelId}-' || lpad(k::text, 3, '0'), '${benchCommunityId}', 'channel-' || k, 'PUBLIC', k, '{}'
        FROM generate_series(1, ${channels - 1}) AS k;
      UPDATE "Community" SET "channelCount" = ${channels} WHERE "id" = '${benchCommunityId}';
      ANALYZE;`);
  } finally {
    await client.end();
  }
}

/** Asks every worker for its totals until no member has received a Socket.IO packet for QUIET_MS (or `limitMs` passed). */
async function waitForQuiet(pool: BenchChild[], limitMs: number, also: () => boolean = () => true) {
  const started = Date.now();
  let lastTotal = -1;
  let lastChange = Date.now();
  for (;;) {
    const progress = await Promise.all(pool.map((w) => ask<Progress>(w, "progress")));
    const total = progress.reduce((n, p) => n + p.packets, 0);
    if (total !== lastTotal) {
      lastTotal = total;
      lastChange = Date.now();
    }
    const lastPacketAt = Math.max(...progress.map((p) => p.lastPacketAt));
    const now = Date.now();
    if ((now - Math.max(lastPacketAt, lastChange) >= quietMs && also()) || now - started > limitMs)
      return { lastPacketAt, timedOut: now - started > limitMs };
    await sleep(250);
  }
}

async function main() {
  const runStarted = performance.now();
  const loadBefore = machineLine();
  // the server child holds a descriptor per socket, each worker one per member of its share
  const fdLimit = fileDescriptorLimit();
  if (Number.isFinite(fdLimit) && fdLimit < members + senders + 200)
    throw new Error(`open-file limit is ${fdLimit}: raise it (ulimit -n ${members + senders + 1024})`);
  if (pin) execSync(`taskset -a -cp 1 ${process.pid}`, { stdio: "ignore" });

  databaseName = `bench_activity_${Date.now()}`;
  const url = databaseUrl(databaseName);
  const secret = randomBytes(32).toString("base64url");
  await createDatabase(databaseName);
  const seedStarted = performance.now();
  await applyMigrations(url);
  await seed(url);
  const users = Array.from({ length: senders + members }, (_, i) => ({
    id: benchUserId(i + 1),
    name: `User ${i + 1}`,
  }));
  const cookies = (await benchSessionTokens(url, users, secret)).map((token) => `next-auth.session-token=${token}`);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const version = await postgresVersion(url);
  process.stderr.write(`  seeded ${senders + members} users and ${channels} channels in ${fmt(seedSeconds, 1)} s\n`);

  const env = {
    DATABASE_URL: url,
    NEXTAUTH_SECRET: secret,
    NEXT_TELEMETRY_DISABLED: "1",
    SOCKETS_PER_IP: String(senders + members + 100),
    // RATE over SENDERS users: the per-user send limits are not what is measured
    SEND_RATE_LIMIT: "100000/1",
    SEND_MIN_GAP_MS: "0",
  };
  const server = benchChild([path.join(path.dirname(here), "fanout-server.ts"), "app"], env, pin ? "0" : null);
  const { port } = await server.next<{ port: number }>("ready");
  const serverPid = server.process.pid;
  const serverUrl = `http://127.0.0.1:${port}`;

  // the members, spread over the workers, none viewing a channel
  const pool = Array.from({ length: workers }, () => benchChild([here, "worker"], {}, pin ? "1" : null));
  await Promise.all(pool.map((w) => w.next("ready")));
  const connectStarted = performance.now();
  const connected = await Promise.all(
    pool.map((w, i) => {
      const share: Member[] = [];
      for (let m = i; m < members; m += workers) share.push({ index: m, cookie: cookies[memberUser(m) - 1] });
      const answer = w.next<{ failed: string | null }>("connected");
      w.send({ type: "connect", url: serverUrl, members: share, concurrency } satisfies ToWorker);
      return answer;
    }),
  );
  const failed = connected.find((c) => c.failed);
  if (failed) throw new Error(`connecting members: ${failed.failed}`);
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  process.stderr.write(`  ${members} members connected in ${fmt(connectSeconds, 1)} s\n`);

  const senderSockets: Socket[] = [];
  for (const cookie of cookies.slice(0, senders)) {
    senderSockets.push(await signedInSocket(serverUrl, cookie));
  }
  // presence of everyone who connected has been told (batches) before anything is measured
  await waitForQuiet(pool, 120_000);
  const afterConnect = await ask<UsageReport>(server, "usage");
  if (afterConnect.sockets !== members + senders)
    throw new Error(`the server counts ${afterConnect.sockets} sockets, expected ${members + senders}`);

  const ackMs: number[] = [];
  const ackFailures = new Map<string, number>();
  let acked = 0;
  let mentions = 0;
  const mentioned = new Set<number>();
  /** Open loop: on schedule whatever the acks do; channels and senders in turn. */
  async function sendAll(prefix: "w" | "m", total: number) {
    const started = performance.now();
    let maxLag = 0;
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      const at = performance.now();
      maxLag = Math.max(maxLag, at - due);
      let content = `${prefix} ${i}: the build is green again`;
      if (mentionEvery > 0 && i % mentionEvery === mentionEvery - 1) {
        // spread over the members (and so over the workers): 997 is prime
        const m = ((prefix === "m" ? mentions : i) * 997) % members;
        content = `${prefix} ${i}: @user${memberUser(m)} could you look at this?`;
        if (prefix === "m") {
          mentions++;
          mentioned.add(m);
        }
      }
      senderSockets[i % senders].emit(
        "message:send",
        { channelId: channelId(i % channels), content, nonce: `${prefix}-${i}` },
        (result: { ok?: boolean; code?: number; message?: string }) => {
          if (prefix !== "m") return;
          ackMs.push(performance.now() - at);
          if (result?.ok) acked++;
          else {
            const key = `${result?.code ?? "?"} ${result?.message ?? JSON.stringify(result)}`;
            ackFailures.set(key, (ackFailures.get(key) ?? 0) + 1);
          }
        },
      );
    }
    return { started, ended: performance.now(), maxLag };
  }

  if (warmupSeconds > 0) {
    await sendAll("w", Math.round(rate * warmupSeconds));
    await waitForQuiet(pool, drainMs);
  }

  // measured: from the first send; CPU over the send window, and until every member has been told
  await ask(server, "reset-peak");
  const before = await Promise.all(pool.map((w) => ask<Snapshot>(w, "snapshot")));
  const postgresBefore = postgresCpuSeconds();
  const cpuBefore = processCpuSeconds(serverPid);
  const sending = await sendAll("m", messages);
  const cpuWindow = processCpuSeconds(serverPid) - cpuBefore;
  const postgresWindow = postgresCpuSeconds() - postgresBefore;
  const quiet = await waitForQuiet(pool, drainMs, () => ackMs.length >= messages);
  const cpuUntilQuiet = processCpuSeconds(serverPid) - cpuBefore;
  const postgresUntilQuiet = postgresCpuSeconds() - postgresBefore;
  const after = await Promise.all(pool.map((w) => ask<Snapshot>(w, "snapshot")));
  const usage = await ask<UsageReport>(server, "usage");
  const windowSeconds = (sending.ended - sending.started) / 1000;
  const tellSeconds = (quiet.lastPacketAt - (performance.timeOrigin + sending.started)) / 1000;

  // per member, measured part only
  const memberBytes = new Float64Array(members);
  const memberPackets = new Float64Array(members);
  after.forEach((snapshot, w) =>
    snapshot.indexes.forEach((m, slot) => {
      memberBytes[m] = snapshot.bytes[slot] - before[w].bytes[slot];
      memberPackets[m] = snapshot.packets[slot] - before[w].packets[slot];
    }),
  );
  const sum = (values: ArrayLike<number>) => {
    let total = 0;
    for (let i = 0; i < values.length; i++) total += values[i];
    return total;
  };
  const totalBytes = sum(memberBytes);
  const totalPackets = sum(memberPackets);
  const pings = after.reduce((n, s, w) => n + s.pings - before[w].pings, 0);
  const closed = after.reduce((n, s) => n + s.closed, 0);
  /** the traffic of SECONDS of sending, per member and second */
  const sendSeconds = messages / rate;
  const perMemberSecond = (total: number) => total / members / sendSeconds;
  const sortedBytes = Float64Array.from(memberBytes).sort();
  const sortedPackets = Float64Array.from(memberPackets).sort();
  const mean = (values: number[]) => (values.length ? sum(values) / values.length : NaN);
  const mentionedList = [...mentioned];
  const others = Array.from({ length: members }, (_, m) => m).filter((m) => !mentioned.has(m));
  const acks = Float64Array.from(ackMs).sort();

  console.log(`\nActivity benchmark — ${new Date().toISOString()}`);
  console.log(`start: ${loadBefore}`);
  console.log(`end:   ${machineLine()}`);
  console.log(
    `node ${process.version}; socket.io 4.8 (websocket transport only); PostgreSQL ${version} on ${new URL(url).host}; ${gitLine()}`,
  );
  console.log(
    `${members} members of one community with ${channels} public channels, connected and viewing no channel, over ${workers} client processes; ` +
      `${senders} senders (other members) sending ${rate} msgs/s round-robin over the channels for ${seconds} s (${messages} messages) after ${warmupSeconds} s of warm-up, open loop, ` +
      `${mentionEvery > 0 ? `every ${mentionEvery}th mentioning one member by @username` : "no mentions"}; ` +
      `server in a child process${pin ? " on CPU 0, members and senders on CPU 1" : " (not pinned)"}; seeded in ${fmt(seedSeconds, 1)} s\n`,
  );
  console.log(
    "| members | channels | msgs/s | sent / acked | mentions | server CPU s, send window | CPU ms / msg | server CPU s, until told | CPU ms / msg, until told | bytes to members | packets to members | bytes / s / member | packets / s / member | server RSS MB (peak) |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  console.log(
    `| ${members} | ${channels} | ${rate} | ${messages} / ${acked} | ${mentions} | ${fmt(cpuWindow, 2)} | ${fmt((1000 * cpuWindow) / messages, 2)} | ` +
      `${fmt(cpuUntilQuiet, 2)} | ${fmt((1000 * cpuUntilQuiet) / messages, 2)} | ${totalBytes.toLocaleString("en-US")} | ${totalPackets.toLocaleString("en-US")} | ` +
      `${fmt(perMemberSecond(totalBytes), 1)} | ${fmt(perMemberSecond(totalPackets), 2)} | ${fmt(usage.peakRssBytes / 2 ** 20, 0)} |`,
  );
  const failures = [...ackFailures].map(([k, n]) => `${n}× ${k}`).join("; ");
  console.log(
    `\nsent at ${fmt(((messages - 1) * 1000) / (sending.ended - sending.started), 1)} msgs/s over ${fmt(windowSeconds, 1)} s (max ${fmt(sending.maxLag, 1)} ms behind schedule); ` +
      `acks ${acked}/${messages} ok${failures ? ` (FAILED: ${failures})` : ""}, send → ack p50 ${fmt(percentile(acks, 50), 1)} / p99 ${fmt(percentile(acks, 99), 1)} ms; ` +
      `server CPU ${fmt((100 * cpuWindow) / windowSeconds, 0)} % of a core over the send window (near 100 %: saturated, see "until told"); ` +
      `the last packet reached a member ${fmt(tellSeconds, 1)} s after the first send${quiet.timedOut ? ` (NOT quiet after DRAIN_S: still arriving)` : ""}; ` +
      `PostgreSQL CPU ${fmt(postgresWindow, 2)} s over the window, ${fmt(postgresUntilQuiet, 2)} s until told (every postgres process of the machine)`,
  );
  console.log(
    `per member (bytes / packets over the run): p50 ${fmt(percentile(sortedBytes, 50), 0)} / ${fmt(percentile(sortedPackets, 50), 0)}, ` +
      `max ${fmt(sortedBytes[members - 1], 0)} / ${fmt(sortedPackets[members - 1], 0)}, min ${fmt(sortedBytes[0], 0)} / ${fmt(sortedPackets[0], 0)}; ` +
      `the ${mentionedList.length} members mentioned: mean ${fmt(mean(mentionedList.map((m) => memberBytes[m])), 0)} bytes / ${fmt(mean(mentionedList.map((m) => memberPackets[m])), 1)} packets, ` +
      `the others ${fmt(mean(others.map((m) => memberBytes[m])), 0)} / ${fmt(mean(others.map((m) => memberPackets[m])), 1)}; ` +
      `bytes = WebSocket frames (payload + header; TCP/IP not counted), among them ${pings.toLocaleString("en-US")} pings of 3 bytes; packets = Socket.IO packets (engine.io messages), any event`,
  );
  console.log(
    `server: ${members + senders} sockets, RSS ${fmt(afterConnect.rssBytes / 2 ** 20, 0)} MB after connecting (members connected in ${fmt(connectSeconds, 1)} s), ` +
      `peak ${fmt(usage.peakRssBytes / 2 ** 20, 0)} MB while measured; ${closed} member connections closed during the run; ` +
      `client processes: ${after.map((s) => `${fmt(s.cpuSeconds, 1)} CPU s, event loop ${fmt(100 * s.eventLoopBusy, 0)} % busy`).join("; ")} (measured part)`,
  );
  console.log(`total run time ${fmt((performance.now() - runStarted) / 1000, 0)} s`);

  for (const socket of senderSockets) socket.disconnect();
  for (const w of pool) w.send({ type: "exit" } satisfies ToWorker);
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
