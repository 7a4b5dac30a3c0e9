// One HTTP server for Next.js and Socket.IO. Without DATABASE_URL it owns the embedded database
// (PGlite served over pglite-socket on loopback), so the rest of the app always speaks PostgreSQL.
//   tsx server.ts [--dev] [--seed-demo]
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { randomBytes, timingSafeEqual } from "node:crypto";
import next from "next";
import { defaultDataDir, openEmbeddedDatabase, type EmbeddedDatabase } from "./lib/postgres/embedded";
import { applyMigrations } from "./lib/postgres/migrate";
import { disconnectDb, sqlPool } from "./lib/db";
import { metrics, routeLabel } from "./lib/metrics";
import { attachSocketServer, closeSocketServer } from "./lib/socket/server";
import { quotaUse, stopUsage } from "./lib/domain/usage";
import { stopReadPositions } from "./lib/domain/read-state";
import { flushActivities } from "./lib/realtime/activity-batch";
import { closeRateLimits } from "./lib/domain/rate-limits";
import { startJobs } from "./lib/jobs";
import { registerRealtimeServer } from "./lib/realtime/publish";
import { CLIENT_IP_HEADER, clientIp } from "./lib/client-ip";

const dev = process.argv.includes("--dev");
const seedDemoData = process.argv.includes("--seed-demo");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const publicUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
const dataRoot = path.resolve(process.env.DATA_DIR ?? ".data");
const LISTEN_BACKLOG = 4096;

/** A development secret generated at first start and kept in the git-ignored data folder. */
function ensureAuthSecret() {
  if (process.env.NEXTAUTH_SECRET) return;
  const file = path.join(dataRoot, "nextauth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataRoot, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    console.log(
      `Generated a session secret in ${path.relative(process.cwd(), file)} (set NEXTAUTH_SECRET to use your own).`,
    );
  }
  process.env.NEXTAUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

const safeEqual = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Prometheus metrics (lib/metrics.ts) for a scraper holding METRICS_TOKEN (`Authorization: Bearer`);
 * without METRICS_TOKEN there is no /metrics (404).
 */
async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse) {
  const token = process.env.METRICS_TOKEN;
  const given = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1] ?? "";
  const same = !!token && safeEqual(given, token);
  if (!token) return void res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
  if (!same)
    return void res
      .writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"' })
      .end("Send METRICS_TOKEN as a bearer token.\n");
  res.writeHead(200, { "content-type": metrics.registry.contentType }).end(await metrics.registry.metrics());
}

async function main() {
  ensureAuthSecret();
  process.env.NEXTAUTH_URL = publicUrl;

  let embedded: EmbeddedDatabase | undefined;
  if (!process.env.DATABASE_URL) {
    embedded = await openEmbeddedDatabase(defaultDataDir());
    process.env.DATABASE_URL = embedded.url;
    process.env.DATABASE_POOL_SIZE = "1";
    process.env.DATABASE_KIND = "embedded";
    console.log(`Embedded database (PGlite) in ${path.relative(process.cwd(), embedded.dataDir!)}`);
  }
  if (process.env.MIGRATE_ON_START !== "false") {
    const applied = await applyMigrations(process.env.DATABASE_URL!);
    if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  }
  const demo = seedDemoData ? await (await import("./prisma/seed")).seedDemo() : null;

  const httpServer = http.createServer();
  const app = next({ dev, hostname, port, httpServer });
  const handle = app.getRequestHandler();
  await app.prepare();

  const io = attachSocketServer(httpServer);
  const stopJobs = startJobs();
  const pool = sqlPool();
  metrics.sources.pool = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  metrics.sources.quota = quotaUse;
  httpServer.on("request", (req, res) => {
    if (req.url?.startsWith("/socket.io/")) return; // Socket.IO answers these
    if (req.url === "/metrics") return void serveMetrics(req, res);
    // The caller's address for sign-in and sign-up limits (lib/client-ip.ts), replacing any copy the caller sent.
    req.headers[CLIENT_IP_HEADER] = clientIp(req.headers, req.socket.remoteAddress);
    const started = performance.now();
    res.on("finish", () => {
      const route = routeLabel(req.url ?? "/", res.statusCode);
      metrics.httpRequests.inc({ route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ route }, (performance.now() - started) / 1000);
    });
    handle(req, res);
  });
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    httpServer.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io/")) upgrade(req, socket, head);
    });
  }

  // After a restart every tab reconnects at once: the kernel queues that many handshakes (up to
  // net.core.somaxconn) instead of dropping them while the event loop catches up.
  await new Promise<void>((resolve) => httpServer.listen({ port, host: hostname, backlog: LISTEN_BACKLOG }, resolve));
  console.log(`Community chat is running at ${publicUrl}`);
  // the last lines a newcomer sees
  if (demo) console.log(`Demo user: ${demo.username} / password: ${demo.password}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    await stopJobs(); // a run in progress finishes (and announces) before the database closes
    flushActivities(); // the unread activity still gathering
    registerRealtimeServer(undefined);
    await closeSocketServer(io);
    await stopUsage(); // writes the usage counters still held in memory
    await stopReadPositions(); // …and the read positions
    await app.close().catch(() => {});
    await closeRateLimits();
    await disconnectDb();
    await embedded?.close();
    process.exit(0);
  };
  // one client's request must never end everyone's connections: a stray rejection is logged, not fatal
  process.on("unhandledRejection", (reason) => console.error("Unhandled rejection (still serving):", reason));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
