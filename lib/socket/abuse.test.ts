import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../errors";
import { makeCommunity, nonce } from "../testing/factories";
import { request, startSocketServer, type TestSocket } from "../testing/socket-client";
import { createConnectionCounter } from "../realtime/connection-counter";
import { coolingFor, coolOff, EventBudget, socketLimits, takeUserEventTurn } from "./abuse";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

/** Connects: "connected", or the handshake's refusal (message and code). */
async function handshake(userId: string) {
  const socket = await server.client(userId);
  return new Promise<{ socket: TestSocket; outcome: string; code?: number }>((resolve) => {
    socket.once("connect", () => resolve({ socket, outcome: "connected" }));
    socket.once("connect_error", (error) =>
      resolve({ socket, outcome: error.message, code: (error as { data?: { code?: number } }).data?.code }),
    );
  });
}

describe("event budgets", () => {
  it("a class's burst is served, then each event waits for the refill; flooding is counted from refusals", () => {
    let at = 0;
    const budget = new EventBudget(() => at);
    const { burst, perSecond } = socketLimits.budgets.write;
    for (let i = 0; i < burst; i++) expect(budget.take("write")).toBe(0);
    expect(budget.take("write")).toBe(Math.ceil(1000 / perSecond));
    expect(budget.take("read")).toBe(0); // classes are separate
    at += 1000 / perSecond;
    expect(budget.take("write")).toBe(0);
    expect(budget.flooding()).toBe(false);
    for (let i = 1; i < socketLimits.floodRefusals; i++) budget.take("write");
    expect(budget.flooding()).toBe(true);
    at += socketLimits.floodWindowMs + 1;
    expect(budget.flooding()).toBe(false); // refusals age out
  });

  it("sockets are capped per user and per address", async () => {
    const counter = createConnectionCounter(null);
    const caps = { perUser: 2, perAddress: 3 };
    expect(await counter.admit("s1", "ann", "10.0.0.1", caps)).toBe(true);
    expect(await counter.admit("s2", "ann", "10.0.0.2", caps)).toBe(true);
    expect(await counter.admit("s3", "ann", "10.0.0.3", caps)).toBe(false);
    await counter.release("s1");
    await counter.release("s1"); // twice is once
    expect(await counter.admit("s3", "ann", "10.0.0.3", caps)).toBe(true);
    expect(await counter.admit("s4", "ann", "10.0.0.3", caps)).toBe(false);
    expect(await counter.admit("s5", "bob", "10.0.0.9", caps)).toBe(true);
    expect(await counter.admit("s6", "carol", "10.0.0.9", caps)).toBe(true);
    expect(await counter.admit("s7", "dave", "10.0.0.9", caps)).toBe(true);
    expect(await counter.admit("s8", "erin", "10.0.0.9", caps)).toBe(false); // the address is full
  });

  it("a user's sockets share a budget of a few sockets' worth; a flooder's user cools off, not their address", async () => {
    const { owner, members } = await makeCommunity(1);
    const { burst } = socketLimits.budgets.write;
    for (let i = 0; i < burst * socketLimits.userScale; i++)
      expect(await takeUserEventTurn(owner.userId, "write")).toBe(0);
    expect(await takeUserEventTurn(owner.userId, "write")).toBeGreaterThan(0);
    expect(await takeUserEventTurn(owner.userId, "read")).toBe(0);
    expect(await takeUserEventTurn(members[0].userId, "write")).toBe(0);

    expect(await coolingFor(owner.userId)).toBe(0);
    await coolOff(owner.userId);
    expect(await coolingFor(owner.userId)).toBeGreaterThan(socketLimits.floodCooldownMs - 1_000);
    expect(await coolingFor(members[0].userId)).toBe(0);
  });
});

describe("a hostile socket", () => {
  it(`a socket past ${socketLimits.perUser} of one user is refused with 6002053`, async () => {
    const { owner } = await makeCommunity(0);
    const open = await Promise.all(Array.from({ length: socketLimits.perUser }, () => handshake(owner.userId)));
    expect(open.every((s) => s.outcome === "connected")).toBe(true);
    const extra = await handshake(owner.userId);
    expect(extra).toMatchObject({
      code: ErrorCode.TOO_MANY_CONNECTIONS,
      outcome: expect.stringMatching(/too many open connections/i),
    });
    open[0].socket.disconnect();
    await expect.poll(async () => (await handshake(owner.userId)).outcome).toBe("connected");
    for (const { socket } of open) socket.disconnect();
  });

  it("an oversized event is refused with 6002001 and the socket stays", async () => {
    const { owner, generalChannelId } = await makeCommunity(0);
    const socket = await server.connected(owner.userId);
    const answer = await request(socket, "message:send", {
      channelId: generalChannelId,
      content: "x".repeat(70_000),
      nonce: nonce(),
    });
    expect(answer).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT, message: "This request is too large." });
    expect(await request(socket, "channel:subscribe", { channelId: "x".repeat(5_000) })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
    });
    expect(
      await request(socket, "message:send", { channelId: generalChannelId, content: "fine", nonce: nonce() }),
    ).toMatchObject({ ok: true });
  });

  it("20,000 events from one socket: it is refused then disconnected, cannot reconnect at once, and others stay fast", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const flooder = await server.connected(members[0].userId);
    const bystander = await server.connected(owner.userId);
    const refusals: { code: number; retryAfterMs?: number }[] = [];
    const closed = new Promise<string>((resolve) => flooder.once("disconnect", resolve));
    for (let i = 0; i < 20_000; i++) {
      flooder.emit("presence:query", { communityId: community.id, userIds: [owner.userId] }, (answer) => {
        if (!answer.ok) refusals.push(answer);
      });
    }
    // the bystander's requests while the flood arrives
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      expect(await request(bystander, "read:states", {})).toMatchObject({ ok: true });
      latencies.push(performance.now() - started);
    }
    expect(await closed).toBe("io server disconnect");
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]).toMatchObject({ code: ErrorCode.RATE_LIMITED, retryAfterMs: expect.any(Number) });
    expect((await handshake(members[0].userId)).code).toBe(ErrorCode.RATE_LIMITED);
    // unthrottled, the same flood held others' answers for seconds (5.6 s in the hostile test)
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  });
});
