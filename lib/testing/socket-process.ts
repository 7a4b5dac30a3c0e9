// A child process for cross-process tests: the app's Socket.IO server (REDIS_URL, DATABASE_URL and
// NEXTAUTH_SECRET from the environment) on an ephemeral port. IPC: sends {type:"ready", port};
// answers {type:"servers"} with how many app processes its adapter knows (itself included);
// {type:"exit"} closes everything.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { disconnectDb } from "../db";
import { attachSocketServer, closeSocketServer } from "../socket/server";

if (!process.send) throw new Error("socket-process.ts runs as a child process with an IPC channel");
const send = (message: unknown) => process.send!(message);

const httpServer = http.createServer();
const io = attachSocketServer(httpServer);
httpServer.listen(0, "127.0.0.1", () => send({ type: "ready", port: (httpServer.address() as AddressInfo).port }));

process.on("message", async (message: { type: string }) => {
  if (message.type === "servers") {
    send({ type: "servers", count: await io.of("/").adapter.serverCount() });
  } else if (message.type === "exit") {
    await closeSocketServer(io);
    await disconnectDb();
    process.exit(0);
  }
});
