// Child process of bench/fanout.ts: one Socket.IO server on 127.0.0.1 (ephemeral port), measured apart
// from the clients.
//   app:  the app's own server (lib/socket/server.ts attachSocketServer): session cookie and Origin
//         checked on the handshake, rooms from memberships, `message:send` → sendMessage() → PostgreSQL
//         → publish to the channel room. Needs DATABASE_URL and NEXTAUTH_SECRET in the environment.
//   bare: plain Socket.IO, no auth, no database: every socket joins one room; on `send` the server
//         stamps a copy of a message template and broadcasts it to the room.
// Talks to the parent over IPC: {type:"ready", port} once listening; answers {type:"usage"} with CPU
// time, RSS and the peak RSS since the last {type:"reset-peak"}; {type:"exit"} closes everything.
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

type FromParent =
  | { type: "usage" }
  | { type: "reset-peak" }
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

async function main() {
  const httpServer = http.createServer();
  let io: Server;
  let closeApp = async () => {};
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
    const { attachSocketServer } = await import("../lib/socket/server");
    const { disconnectDb } = await import("../lib/db");
    io = attachSocketServer(httpServer) as unknown as Server;
    closeApp = disconnectDb;
  } else {
    // The same server options the app uses, minus its allowRequest check.
    io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6 });
    io.on("connection", (socket) => {
      socket.join(benchRoom);
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
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
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
      send(report);
    } else if (message.type === "reset-peak") {
      peakRss = process.memoryUsage.rss();
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
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeApp().catch(() => {});
      process.exit(0);
    }
  });
  // The parent died: do not linger.
  process.on("disconnect", () => process.exit(0));

  httpServer.listen(0, "127.0.0.1");
  await once(httpServer, "listening");
  send({ type: "ready", port: (httpServer.address() as AddressInfo).port, pid: process.pid });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
