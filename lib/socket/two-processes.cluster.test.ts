// Runs on PostgreSQL only (vitest.config.ts): the embedded database serves a single process.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sessionCookieFor } from "../testing/session-cookie";
import { io as connect } from "socket.io-client";
import { nonce } from "../testing/factories";
import { makeWorld, type World } from "../testing/world";
import { collect, nextEvent, request, type TestSocket } from "../testing/socket-client";

type AppProcess = { child: ChildProcess; url: string; ask: <T>(type: string) => Promise<T> };

async function startAppProcess(): Promise<AppProcess> {
  const entry = path.join(import.meta.dirname, "../testing/socket-process.ts");
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // a send limit small enough to reach: it must hold across both processes
    // and a socket cap small enough to reach through both
    env: {
      ...process.env,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      DATABASE_POOL_SIZE: "4",
      SEND_RATE_LIMIT: "3/60",
      SOCKETS_PER_USER: "3",
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

async function client(app: AppProcess, userId: string): Promise<TestSocket> {
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
}

const sockets: TestSocket[] = [];
let one: AppProcess;
let two: AppProcess;
let w: World;

beforeAll(async () => {
  [one, two] = await Promise.all([startAppProcess(), startAppProcess()]);
  // each process's adapter has heard of the other before anything is sent
  await vi.waitFor(
    async () => {
      const counts = await Promise.all([one.ask<{ count: number }>("servers"), two.ask<{ count: number }>("servers")]);
      expect(counts.map((c) => c.count)).toEqual([2, 2]);
    },
    { timeout: 20_000, interval: 200 },
  );
  w = await makeWorld();
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await Promise.all(
    [one, two].filter(Boolean).map(
      (app) =>
        new Promise<void>((resolve) => {
          app.child.once("exit", () => resolve());
          app.child.send({ type: "exit" });
        }),
    ),
  );
});

describe("two app processes over Redis", () => {
  it("a message sent through one reaches a client of the other; unread activity crosses too", async () => {
    const sender = await client(one, w.actors.owner.userId);
    const reader = await client(two, w.actors.member.userId);
    const elsewhere = await client(two, w.actors.member2.userId);
    await request(sender, "channel:subscribe", { channelId: w.generalChannelId });
    await request(reader, "channel:subscribe", { channelId: w.generalChannelId });
    const received = nextEvent(reader, "message:new");
    const activity = nextEvent(elsewhere, "channel:activity");
    const sent = await request(sender, "message:send", {
      channelId: w.generalChannelId,
      content: "across processes",
      nonce: nonce(),
    });
    expect(sent.ok).toBe(true);
    expect(await received).toMatchObject({ content: "across processes", author: { id: w.actors.owner.userId } });
    expect(await activity).toMatchObject({ channelId: w.generalChannelId, kind: "new" });
  });

  it("typing and presence cross over", async () => {
    const typer = await client(one, w.actors.admin.userId);
    const viewer = await client(two, w.actors.admin2.userId);
    await request(typer, "channel:subscribe", { channelId: w.generalChannelId });
    await request(viewer, "channel:subscribe", { channelId: w.generalChannelId });
    const typing = nextEvent(viewer, "typing");
    typer.emit("typing:start", { channelId: w.generalChannelId });
    expect(await typing).toMatchObject({ channelId: w.generalChannelId, userId: w.actors.admin.userId });

    // the muted member comes online on process one: a watcher on process two hears it and can ask
    const changes = collect(viewer, "presence:changed");
    const newcomer = await client(one, w.actors.muted.userId);
    await vi.waitFor(() =>
      expect(changes.map(([c]) => c)).toContainEqual({ userId: w.actors.muted.userId, status: "online" }),
    );
    const asked = await request(viewer, "presence:query", {
      communityId: w.communityId,
      userIds: [w.actors.muted.userId, w.actors.admin.userId],
    });
    expect(asked).toEqual({ ok: true, data: { [w.actors.muted.userId]: "online", [w.actors.admin.userId]: "online" } });

    newcomer.emit("presence:idle", { idle: true });
    await vi.waitFor(() =>
      expect(changes.map(([c]) => c)).toContainEqual({ userId: w.actors.muted.userId, status: "idle" }),
    );
    newcomer.disconnect();
    await vi.waitFor(() =>
      expect(changes.map(([c]) => c)).toContainEqual({ userId: w.actors.muted.userId, status: "offline" }),
    );
    expect(
      await request(viewer, "presence:query", { communityId: w.communityId, userIds: [w.actors.muted.userId] }),
    ).toEqual({
      ok: true,
      data: { [w.actors.muted.userId]: "offline" },
    });
  });

  it("the send rate limit counts a user's sends through both processes together", async () => {
    const viaOne = await client(one, w.actors.member2.userId);
    const viaTwo = await client(two, w.actors.member2.userId);
    const send = (socket: TestSocket) =>
      request(socket, "message:send", { channelId: w.generalChannelId, content: "counted once", nonce: nonce() });
    expect((await send(viaOne)).ok).toBe(true);
    expect((await send(viaTwo)).ok).toBe(true);
    expect((await send(viaOne)).ok).toBe(true);
    expect(await send(viaTwo)).toMatchObject({ ok: false, code: 6002029 });
    expect(await send(viaOne)).toMatchObject({ ok: false, code: 6002029 });
  });

  it("a user's sockets are capped across both processes, and a place frees when one closes", async () => {
    const user = w.actors.outsider.userId;
    const open = [await client(one, user), await client(two, user), await client(one, user)];
    const refused = await client(two, user).then(
      () => null,
      (error: Error & { data?: { code?: number } }) => error.data?.code,
    );
    expect(refused).toBe(6002053);
    open[0].disconnect();
    await vi.waitFor(async () => expect((await client(two, user)).connected).toBe(true), {
      timeout: 5_000,
      interval: 100,
    });
  });
});
