import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { io as connect } from "socket.io-client";
import { expect, vi } from "vitest";
import { sessionCookieFor } from "./session-cookie";
import type { TestSocket } from "./socket-client";

/** An app socket server in a child process (testing/socket-process.ts), asked questions over IPC. */
export type AppProcess = { child: ChildProcess; url: string; ask: <T>(type: string) => Promise<T> };

/**
 * Two or more app processes over Redis on PostgreSQL (the embedded database serves one process),
 * each with `env` besides the test's own; resolves once every process's adapter has heard of the others.
 */
export async function startAppProcesses(count: number, env: Record<string, string> = {}): Promise<AppProcess[]> {
  const apps = await Promise.all(Array.from({ length: count }, () => startAppProcess(env)));
  await vi.waitFor(
    async () => {
      const heard = await Promise.all(apps.map((app) => app.ask<{ count: number }>("servers")));
      expect(heard.map((h) => h.count)).toEqual(apps.map(() => count));
    },
    { timeout: 20_000, interval: 200 },
  );
  return apps;
}

async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const entry = path.join(import.meta.dirname, "socket-process.ts");
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: {
      ...process.env,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      DATABASE_POOL_SIZE: "4",
      ...env,
    },
  });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        resolve(message as T);
      };
      child.on("message", onMessage);
      child.send({ type });
    });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once("message", resolve as never);
    child.once("exit", (code) => reject(new Error(`app process exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, ask };
}

/** Clients of app processes, signed in as a user; `stop` disconnects them and ends the processes. */
export function appClients() {
  const sockets: TestSocket[] = [];
  return {
    async connected(app: AppProcess, userId: string): Promise<TestSocket> {
      const socket: TestSocket = connect(app.url, {
        transports: ["websocket"],
        extraHeaders: { cookie: await sessionCookieFor(userId) },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    },
    async stop(apps: (AppProcess | undefined)[]) {
      for (const socket of sockets) socket.disconnect();
      await Promise.all(
        apps
          .filter((app) => app !== undefined)
          .map(
            (app) =>
              new Promise<void>((resolve) => {
                app.child.once("exit", () => resolve());
                app.child.send({ type: "exit" });
              }),
          ),
      );
    },
  };
}
