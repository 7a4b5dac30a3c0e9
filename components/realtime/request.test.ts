import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Server } from "socket.io";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ErrorCode } from "@/lib/errors";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { answerOrNull, NO_ANSWER_MESSAGE, request } from "./request";
import type { ChatSocket } from "./socket-provider";

// A real Socket.IO server on an ephemeral port: one event answers, one never does.
const server = createServer();
const ioServer = new Server<ClientToServerEvents, ServerToClientEvents>(server);
const received: string[] = [];
let url = "";

beforeAll(async () => {
  ioServer.on("connection", (socket) => {
    socket.on("thread:follow", ({ threadId, follow }, ack) => {
      received.push(`follow ${threadId}`);
      ack(
        follow
          ? { ok: true, data: { threadId, following: true } }
          : { ok: false, code: ErrorCode.NO_PERMISSION, message: "No." },
      );
    });
    socket.on("thread:get", ({ threadId }) => {
      received.push(`get ${threadId}`); // never acknowledged
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await ioServer.close();
});

async function connectedClient() {
  const socket: ChatSocket = io(url, { transports: ["websocket"], forceNew: true });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return socket;
}

describe("request", () => {
  test("answers with the server's result, success or failure", async () => {
    const socket = await connectedClient();
    try {
      expect(await request(socket, "thread:follow", { threadId: "t1", follow: true })).toEqual({
        ok: true,
        data: { threadId: "t1", following: true },
      });
      expect(await request(socket, "thread:follow", { threadId: "t1", follow: false })).toEqual({
        ok: false,
        code: ErrorCode.NO_PERMISSION,
        message: "No.",
      });
    } finally {
      socket.disconnect();
    }
  });

  test("an answer that does not come in time is a failure the caller can show", async () => {
    const socket = await connectedClient();
    try {
      const started = Date.now();
      const result = await request(socket, "thread:get", { threadId: "t2" }, { timeoutMs: 150 });
      expect(result).toEqual({ ok: false, code: ErrorCode.GENERIC, message: NO_ANSWER_MESSAGE });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(received).toContain("get t2"); // it was asked; the server kept silent
    } finally {
      socket.disconnect();
    }
  });

  test("answerOrNull tells no answer (null) apart from a refusal", async () => {
    const socket = await connectedClient();
    try {
      expect(await answerOrNull(socket, "thread:get", { threadId: "t3" }, { timeoutMs: 100 })).toBeNull();
      expect(
        await answerOrNull(socket, "thread:follow", { threadId: "t3", follow: false }, { timeoutMs: 1_000 }),
      ).toMatchObject({ ok: false, code: ErrorCode.NO_PERMISSION });
    } finally {
      socket.disconnect();
    }
  });

  test("while disconnected it waits for the connection, up to the timeout; a timed-out request is not sent later", async () => {
    const socket: ChatSocket = io(url, { transports: ["websocket"], forceNew: true, autoConnect: false });
    try {
      const result = await request(socket, "thread:follow", { threadId: "late", follow: true }, { timeoutMs: 100 });
      expect(result).toMatchObject({ ok: false, message: NO_ANSWER_MESSAGE });
      socket.connect();
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      // a request made while connecting is sent once connected and answered
      expect(await request(socket, "thread:follow", { threadId: "now", follow: true })).toMatchObject({ ok: true });
      expect(received).toContain("follow now");
      expect(received).not.toContain("follow late");
    } finally {
      socket.disconnect();
    }
  });

  test("a request made before the connection is up is sent once it is", async () => {
    const socket: ChatSocket = io(url, { transports: ["websocket"], forceNew: true, autoConnect: false });
    try {
      const pending = request(socket, "thread:follow", { threadId: "buffered", follow: true }, { timeoutMs: 5_000 });
      socket.connect();
      expect(await pending).toEqual({ ok: true, data: { threadId: "buffered", following: true } });
    } finally {
      socket.disconnect();
    }
  });
});

test("no component asks the server without a timeout: emitWithAck and socket.timeout are used here only", () => {
  const components = path.resolve(import.meta.dirname, "..");
  const offenders = readdirSync(components, { recursive: true, encoding: "utf8" })
    .filter(
      (file) =>
        /\.tsx?$/.test(file) &&
        !/\.test\.tsx?$/.test(file) &&
        path.resolve(components, file) !== path.resolve(import.meta.dirname, "request.ts"),
    )
    .filter((file) =>
      /\.emitWithAck\(|\.timeout\(\s*[\w.]+\s*\)\s*\.emit/.test(readFileSync(path.join(components, file), "utf8")),
    );
  expect(offenders).toEqual([]);
});
