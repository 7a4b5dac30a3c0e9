import { createRequire } from "node:module";
import path from "node:path";
import { NextResponse } from "next/server";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode, httpInit, toResult, type Failure } from "../errors";
import { limits } from "../limits";
import { nonce } from "../testing/factories";
import { request, startSocketServer } from "../testing/socket-client";
import { makeWorld } from "../testing/world";
import { sendAttachment } from "./attachments";
import { sendMessage } from "./messages";

/** A second copy of rate-limiter-flexible, as the running app has one in tsx (sockets) and one in Next's bundle (routes). */
function secondCopyOfRateLimiter(): typeof import("rate-limiter-flexible") {
  const require = createRequire(import.meta.url);
  const loaded = Object.entries(require.cache).filter(([file]) =>
    file.includes(`${path.sep}rate-limiter-flexible${path.sep}`),
  );
  for (const [file] of loaded) delete require.cache[file];
  try {
    return require("rate-limiter-flexible");
  } finally {
    for (const [file, module] of loaded) require.cache[file] = module;
  }
}
/** The limiters takeSendTurn keeps on globalThis, by setting ("1/60"). */
const sendLimiters = () =>
  ((globalThis as { __sendLimiters?: Map<string, RateLimiterAbstract> }).__sendLimiters ??= new Map());

const configured = limits.sendRate;
afterEach(() => {
  limits.sendRate = configured;
});

describe("send rate limit", () => {
  it("refuses a user's sends past the limit with 6002029 and the wait, stores nothing, and leaves others alone", async () => {
    limits.sendRate = { messages: 3, perSeconds: 60 };
    const w = await makeWorld();
    const channelId = w.generalChannelId;
    const keys = [nonce(), nonce(), nonce()];
    for (const key of keys) await sendMessage(w.actors.member, { channelId, content: `burst ${key}`, nonce: key });

    await expect(
      sendMessage(w.actors.member, { channelId, content: "one too many", nonce: nonce() }),
    ).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      message: expect.stringMatching(/^You are sending messages too fast\. Try again in \d+ seconds?\.$/),
      retryAfterMs: expect.any(Number),
    });
    await expect(
      sendAttachment(
        w.actors.member,
        { channelId, nonce: nonce() },
        { name: "notes.txt", bytes: Buffer.from("hello") },
      ),
    ).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
    });
    expect(await db.message.count({ where: { channelId, authorId: w.actors.member.userId } })).toBe(3);

    // a retried send that was stored still gets its message back, limited or not
    const retried = await sendMessage(w.actors.member, { channelId, content: `burst ${keys[0]}`, nonce: keys[0] });
    expect(retried.content).toBe(`burst ${keys[0]}`);
    expect(await db.message.count({ where: { channelId, authorId: w.actors.member.userId } })).toBe(3);

    // the limit is per user
    await expect(
      sendMessage(w.actors.member2, { channelId, content: "my own budget", nonce: nonce() }),
    ).resolves.toMatchObject({ content: "my own budget" });
  });

  it("recognises a refusal made by another copy of the library, with its wait (not a server error)", async () => {
    limits.sendRate = { messages: 1, perSeconds: 60 };
    const other = secondCopyOfRateLimiter();
    expect(other.RateLimiterRes).not.toBe(RateLimiterRes);
    // the limiter on globalThis was made by the other copy: its refusals are not our RateLimiterRes
    sendLimiters().set("1/60", new other.RateLimiterMemory({ keyPrefix: "send:other", points: 1, duration: 60 }));
    try {
      const w = await makeWorld();
      const channelId = w.generalChannelId;
      await sendMessage(w.actors.member, { channelId, content: "first", nonce: nonce() });
      const refused = await toResult(() =>
        sendMessage(w.actors.member, { channelId, content: "second", nonce: nonce() }),
      );
      expect(refused).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED, retryAfterMs: expect.any(Number) });
      expect((refused as Failure).retryAfterMs).toBeGreaterThan(55_000);
      expect((refused as Failure).retryAfterMs).toBeLessThanOrEqual(60_000);
    } finally {
      sendLimiters().delete("1/60");
    }
  });

  it("answers an HTTP refusal with 429 and Retry-After in whole seconds, rounded up", async () => {
    limits.sendRate = { messages: 1, perSeconds: 7 };
    const w = await makeWorld();
    const channelId = w.generalChannelId;
    await sendMessage(w.actors.member, { channelId, content: "first", nonce: nonce() });
    const refused = await toResult(() =>
      sendMessage(w.actors.member, { channelId, content: "second", nonce: nonce() }),
    );
    const response = NextResponse.json(refused, httpInit(refused, { "Cache-Control": "no-store" }));
    expect(response.status).toBe(429);
    const retryAfterMs = (refused as Failure).retryAfterMs!;
    expect(retryAfterMs).toBeGreaterThan(6_000);
    expect(response.headers.get("Retry-After")).toBe(String(Math.ceil(retryAfterMs / 1000)));
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED });

    const wait = (retryAfterMs: number) =>
      httpInit({ ok: false, code: ErrorCode.RATE_LIMITED, message: "", retryAfterMs }).headers;
    expect(wait(1)).toEqual({ "Retry-After": "1" });
    expect(wait(1_001)).toEqual({ "Retry-After": "2" });
    expect(wait(0)).toEqual({ "Retry-After": "1" });
    // other failures and successes carry no Retry-After
    expect(httpInit({ ok: false, code: ErrorCode.NO_PERMISSION, message: "" })).toEqual({ status: 403, headers: {} });
    expect(httpInit({ ok: true, data: null }, { "Cache-Control": "no-store" })).toEqual({
      status: 200,
      headers: { "Cache-Control": "no-store" },
    });
  });

  it("acknowledges a refused socket send with the code and the wait", async () => {
    limits.sendRate = { messages: 1, perSeconds: 60 };
    const server = await startSocketServer();
    try {
      const w = await makeWorld();
      const socket = await server.connected(w.actors.member.userId);
      const channelId = w.generalChannelId;
      expect(await request(socket, "message:send", { channelId, content: "first", nonce: nonce() })).toMatchObject({
        ok: true,
      });
      const ack = await request(socket, "message:send", { channelId, content: "second", nonce: nonce() });
      expect(ack).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED, retryAfterMs: expect.any(Number) });
      expect((ack as Failure).retryAfterMs).toBeGreaterThan(55_000);
    } finally {
      await server.close();
    }
  });
});
