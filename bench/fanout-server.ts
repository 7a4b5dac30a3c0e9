// Child process of bench/fanout.ts and bench/connect-storm.ts: one Socket.IO server on 127.0.0.1
// (PORT, or an ephemeral port), measured apart from the clients.
//   app:  the app's own server (lib/socket/server.ts attachSocketServer): session cookie and Origin
//         checked on the handshake, rooms from memberships, `message:send` → sendMessage() → PostgreSQL
//         → publish to the channel room. Needs DATABASE_URL and NEXTAUTH_SECRET in the environment.
//         Also answers GET /api/channels/<id>/messages?after=…&limit=… as the app's route handler does
//         (session cookie → listMessages), without Next: the clients' catch-up after a reconnect.
//   bare: plain Socket.IO, no auth, no database: every socket joins one room; on `send` the server
//         stamps a copy of a message template and broadcasts it to the room; `channel:subscribe`
//         joins that channel's room and answers at once.
// EMBEDDED=worker|inline (app): the process opens the embedded database itself, as server.ts does
// without DATABASE_URL (PGlite in its worker thread), or "inline": PGlite on this thread, as before
// that thread existed; its address goes to the parent in "ready" (databaseUrl) for seeding.
// Talks to the parent over IPC: {type:"ready", port} once listening; answers {type:"usage"} with CPU
// time, RSS and the peak RSS (app: and the send gate's peak use) since the last {type:"reset-peak"};
// {type:"gc"} collects garbage first (node --expose-gc); {type:"heap-snapshot", dir} writes one there;
// {type:"exit"} closes everything.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

type FromParent =
  | { type: "usage" }
  | { type: "reset-peak" }
  | { type: "gc" }
  | { type: "heap-snapshot"; dir: string }
  | { type: "exit" }
  | { type: "servers" }
  | { type: "template"; template: Record<string, unknown> };
export type UsageReport = {
  type: "usage";
  cpuUserMicros: number;
  cpuSystemMicros: number;
  rssBytes: number;
  peakRssBytes: number;
  heapUsedBytes: number;
  sockets: number;
  sqlStatements: number;
  /** app: the process's send gate (globalThis.__sendGate, once a send has made it), peaks since the last reset-peak (sampled every 100 ms) */
  sendGate?: { concurrency: number; queue: number; maxWaitMs: number; peakActive: number; peakWaiting: number };
};

const mode = process.argv[2];
if (mode !== "app" && mode !== "bare") throw new Error("usage: fanout-server.ts app|bare");
if (!process.send) throw new Error("fanout-server.ts runs as a child of bench/fanout.ts (IPC channel needed)");
const send = (message: unknown) => process.send!(message);

const benchRoom = "bench";
let template: Record<string, unknown> = {
  type: "TEXT",
  editedAt: null,
  author: { id: "u0000001", username: "user1", displayName: "User 1" },
  removed: false,
  replyTo: null,
  mentions: [],
  mentionsEveryone: false,
  pinned: false,
  attachment: null,
  reactions: [],
  system: null,
};
let sequence = 0;
let statements = 0;

let closeEmbedded = async () => {};

/** The embedded database in its worker thread (lib/postgres/embedded.ts), or on this thread ("inline"), in a scratch folder. */
async function openEmbedded(kind: string): Promise<{ url: string; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-pglite-"));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  process.on("exit", removeDir);
  if (kind === "worker") return (await import("../lib/postgres/embedded")).openEmbeddedDatabase(dataDir);
  if (kind !== "inline") throw new Error("EMBEDDED is worker or inline");
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create({ dataDir });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

async function main() {
  const httpServer = http.createServer();
  let io: Server;
  let closeApp = async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
  };
  let databaseUrl: string | undefined;
  if (mode === "app" && process.env.EMBEDDED) {
    const embedded = await openEmbedded(process.env.EMBEDDED);
    closeEmbedded = embedded.close;
    databaseUrl = process.env.DATABASE_URL = embedded.url;
    process.env.DATABASE_POOL_SIZE = "1";
    process.env.DATABASE_KIND = "embedded";
    await (await import("../lib/postgres/migrate")).applyMigrations(embedded.url);
  }
  if (mode === "app") {
    // Counts SQL statements (the pool behind Prisma's adapter uses this very class).
    const pg = (await import("pg")).default;
    const originalQuery = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      statements++;
      if (process.env.SQL_LOG === "1") {
        const first = args[0] as string | { text?: string };
        console.log(
          `    sql: ${(typeof first === "string" ? first : (first?.text ?? "?")).replace(/\s+/g, " ").slice(0, 140)}`,
        );
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof originalQuery;
    // Imported after the environment is set: lib/db.ts reads DATABASE_URL on first use.
    const { attachSocketServer, closeSocketServer } = await import("../lib/socket/server");
    const { disconnectDb } = await import("../lib/db");
    const { sessionFromCookieHeader } = await import("../lib/session-token");
    const { listMessages } = await import("../lib/domain/messages");
    const { toResult } = await import("../lib/errors");
    const app = attachSocketServer(httpServer);
    io = app as unknown as Server;
    closeApp = async () => {
      await closeSocketServer(app);
      await disconnectDb();
    };
    httpServer.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
      const url = new URL(request.url ?? "/", "http://bench");
      const route = url.pathname.match(/^\/api\/channels\/([^/]+)\/messages$/);
      if (!route) {
        if (!url.pathname.startsWith("/socket.io/")) response.writeHead(404).end();
        return;
      }
      void toResult(async () => {
        const signedIn = await sessionFromCookieHeader(request.headers.cookie);
        if (!signedIn) throw new Error("not signed in");
        return listMessages(
          { userId: signedIn.userId },
          {
            channelId: decodeURIComponent(route[1]),
            after: url.searchParams.get("after") ?? undefined,
            limit: Number(url.searchParams.get("limit") ?? 50) as never,
          },
        );
      }).then((result) => {
        response.writeHead(result.ok ? 200 : 400, { "content-type": "application/json" }).end(JSON.stringify(result));
      });
    });
  } else {
    // The same server options the app uses, minus its allowRequest check.
    io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6 });
    io.on("connection", (socket) => {
      socket.join(benchRoom);
      socket.on("channel:subscribe", (payload: { channelId?: unknown }, ack?: (result: unknown) => void) => {
        const channelId = String(payload?.channelId ?? "");
        socket.join(`channel:${channelId}`);
        if (typeof ack === "function") ack({ ok: true, data: { channelId } });
      });
      socket.on(
        "send",
        (payload: { channelId?: unknown; content?: unknown; nonce?: unknown }, ack?: (result: unknown) => void) => {
          const message = {
            ...template,
            id: `bare${String(++sequence).padStart(22, "0")}`,
            channelId: String(payload?.channelId ?? ""),
            content: String(payload?.content ?? ""),
            nonce: String(payload?.nonce ?? ""),
            createdAt: new Date().toISOString(),
          };
          io.to(benchRoom).emit("message:new", message);
          if (typeof ack === "function") ack({ ok: true, data: message });
        },
      );
    });
  }

  let peakRss = process.memoryUsage.rss();
  // lib/domain/internal/send-gate.ts keeps the process's gate here (lib/singletons.ts)
  const gate = () =>
    (
      globalThis as {
        __sendGate?: {
          active: number;
          waiting: number;
          limits: { concurrency: number; queue: number; maxWaitMs: number };
        };
      }
    ).__sendGate;
  let peakGate = { active: 0, waiting: 0 };
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const g = gate();
    if (g) peakGate = { active: Math.max(peakGate.active, g.active), waiting: Math.max(peakGate.waiting, g.waiting) };
  }, 100);

  process.on("message", async (message: FromParent) => {
    if (message.type === "usage") {
      const cpu = process.cpuUsage();
      const rss = process.memoryUsage.rss();
      peakRss = Math.max(peakRss, rss);
      const report: UsageReport = {
        type: "usage",
        cpuUserMicros: cpu.user,
        cpuSystemMicros: cpu.system,
        rssBytes: rss,
        peakRssBytes: peakRss,
        heapUsedBytes: process.memoryUsage().heapUsed,
        sockets: io.engine.clientsCount,
        sqlStatements: statements,
      };
      const g = gate();
      if (g)
        report.sendGate = {
          ...g.limits,
          peakActive: Math.max(peakGate.active, g.active),
          peakWaiting: Math.max(peakGate.waiting, g.waiting),
        };
      send(report);
    } else if (message.type === "gc") {
      // twice: objects freed by the first pass's finalizers go in the second
      for (let i = 0; i < 2; i++) (globalThis as { gc?: () => void }).gc?.();
      send({ type: "gc", collected: typeof (globalThis as { gc?: unknown }).gc === "function" });
    } else if (message.type === "heap-snapshot") {
      const { writeHeapSnapshot } = await import("node:v8");
      send({
        type: "heap-snapshot",
        file: writeHeapSnapshot(`${message.dir}/${mode}-${process.pid}-${Date.now()}.heapsnapshot`),
      });
    } else if (message.type === "reset-peak") {
      peakRss = process.memoryUsage.rss();
      peakGate = { active: gate()?.active ?? 0, waiting: gate()?.waiting ?? 0 };
      send({ type: "reset-peak" });
    } else if (message.type === "servers") {
      send({ type: "servers", count: await io.of("/").adapter.serverCount() });
    } else if (message.type === "template") {
      template = message.template;
      send({ type: "template" });
    } else if (message.type === "exit") {
      clearInterval(sampler);
      const forceExit = setTimeout(() => process.exit(0), 5_000);
      forceExit.unref();
      await closeApp().catch(() => {});
      await closeEmbedded().catch(() => {});
      process.exit(0);
    }
  });
  // The parent died: do not linger.
  process.on("disconnect", () => process.exit(0));

  // the backlog server.ts listens with (a reconnect storm's handshakes wait instead of being dropped)
  httpServer.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1", backlog: 4096 });
  await once(httpServer, "listening");
  send({ type: "ready", port: (httpServer.address() as AddressInfo).port, pid: process.pid, databaseUrl });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
