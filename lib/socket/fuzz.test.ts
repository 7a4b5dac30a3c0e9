import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { z } from "zod";
import { db } from "../db";
import { createChannel } from "../domain/channels";
import { sendMessage } from "../domain/messages";
import { createThread } from "../domain/threads";
import { ErrorCode } from "../errors";
import type { ClientToServerEvents } from "../realtime/events";
import { statusSchema } from "../schemas/account";
import { idListSchema, idSchema } from "../schemas/community";
import { editMessageSchema, reactionSchema, sendMessageSchema } from "../schemas/message";
import { markReadSchema, setNotifySchema } from "../schemas/read-state";
import { createThreadSchema, followThreadSchema, listThreadsSchema, updateThreadSchema } from "../schemas/thread";
import { nonce, unique } from "../testing/factories";
import { assertProperty, describeValue, fuzzParameters, hostileArbitraries, NUL, TEN_MB } from "../testing/hostile";
import { request, startSocketServer, type TestSocket } from "../testing/socket-client";
import { makeWorld, type ActorKind, type World } from "../testing/world";

/**
 * Property-based fuzz of every client→server event: hostile payloads (lib/testing/hostile.ts), from
 * members, a muted member and an outsider, with ids of rows they may or may not see. Every answer is
 * a result with a known code (never 6001002), nothing is logged as unexpected, the socket stays
 * usable (or is dropped and can reconnect), and a normal send works afterwards.
 */

// a flood (lib/socket/abuse.ts) may drop a fuzzing socket; its user and address may reconnect soon after
vi.hoisted(() => {
  process.env.SOCKET_FLOOD_COOLDOWN_MS ??= "1000";
});

type Event = keyof ClientToServerEvents;

/** Each client→server event with the shape its payload has: a new event fails to compile until it is added here. */
const payloadShapes = {
  "channel:subscribe": z.object({ channelId: idSchema, after: idSchema.optional() }),
  "channel:unsubscribe": z.object({ channelId: idSchema }),
  "message:send": sendMessageSchema,
  "message:edit": editMessageSchema,
  "message:delete": z.object({ messageId: idSchema }),
  "message:react": reactionSchema,
  "message:pin": z.object({ messageId: idSchema, pin: z.boolean() }),
  "channel:read": markReadSchema,
  "community:read": z.object({ communityId: idSchema }),
  "notify:set": setNotifySchema,
  "presence:idle": z.object({ idle: z.boolean() }),
  "presence:query": z.object({ communityId: idSchema, userIds: idListSchema }),
  "user:block": z.object({ userId: idSchema, blocked: z.boolean() }),
  "status:set": statusSchema,
  "typing:start": z.object({ channelId: idSchema }),
  "read:states": z.object({}),
  "thread:create": createThreadSchema,
  "thread:get": z.object({ threadId: idSchema }),
  "thread:update": updateThreadSchema,
  "thread:follow": followThreadSchema,
  "thread:list": listThreadsSchema,
} satisfies Record<Event, z.ZodType>;
const events = Object.keys(payloadShapes) as Event[];

/** Events without an answer (their handler takes no ack): listed, and checked against the event map both ways. */
type Unanswered = { [E in Event]: Parameters<ClientToServerEvents[E]>["length"] extends 1 ? E : never }[Event];
const unanswered = ["channel:unsubscribe", "typing:start", "presence:idle"] as const satisfies readonly Unanswered[];
const allUnansweredListed: [Exclude<Unanswered, (typeof unanswered)[number]>] extends [never] ? true : never = true;
void allUnansweredListed;
const isAnswered = (event: Event) => !(unanswered as readonly Event[]).includes(event);

/** Every code a failure may carry; a server error (6001002) is never one of them. */
const expectedCodes = new Set<number>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.SERVER));
const RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 25);
const ANSWER_TIMEOUT_MS = 10_000;

let server: Awaited<ReturnType<typeof startSocketServer>>;
let w: World;
let other: World;
let ids: string[];
let idsByField: Record<string, string[]>;
const kinds = ["owner", "member", "muted", "outsider"] as const satisfies readonly ActorKind[];
type Kind = (typeof kinds)[number];
const sockets = new Map<Kind, TestSocket>();
const stats = {
  answered: 0,
  refusedRateLimited: 0,
  disconnected: 0,
  reconnects: 0,
  unanswered: 0,
  answers: {} as Record<string, number>,
};
let consoleError: MockInstance<typeof console.error>;
/** Errors toFailure logged as unexpected (it answers them 6001002) since the test began. */
let logBaseline = 0;
const unexpectedLogs = () =>
  consoleError.mock.calls.filter(([first]) => first === "[unexpected error]").slice(logBaseline);
/** A handler that throws outside toResult: in production an unhandled rejection ends the server process. */
const escaped: unknown[] = [];
let escapedBaseline = 0;
const onEscaped = (error: unknown) => void escaped.push(error);

/** A connected socket for the actor; a dropped one (flooding, oversized message) is replaced, retrying while the server cools off. */
async function socketOf(kind: Kind): Promise<TestSocket> {
  const current = sockets.get(kind);
  if (current?.connected) return current;
  if (current) stats.reconnects++;
  for (let attempt = 1; ; attempt++) {
    try {
      const socket = await server.connected(w.actors[kind].userId);
      sockets.set(kind, socket);
      return socket;
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * attempt)));
    }
  }
}

type Outcome = { answer: unknown } | { disconnected: string } | { timeout: true };
/** Emits raw arguments (ack last) and waits for the answer, the socket dropping, or a timeout. */
function emitAndWait(
  socket: TestSocket,
  event: string,
  args: unknown[],
  timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.off("disconnect", onDisconnect);
      resolve(outcome);
    };
    const onDisconnect = (reason: string) => done({ disconnected: reason });
    const timer = setTimeout(() => done({ timeout: true }), timeoutMs);
    socket.on("disconnect", onDisconnect);
    (socket.emit as (...all: unknown[]) => void)(event, ...args, (answer: unknown) => done({ answer }));
  });
}

/** Null when the answer is a result with a known code; otherwise what is wrong with it. */
function wrongAnswer(answer: unknown): string | null {
  const result = answer as { ok?: unknown; code?: unknown; message?: unknown; data?: unknown } | null;
  if (result?.ok === true && "data" in result) return null;
  if (
    result?.ok === false &&
    typeof result.code === "number" &&
    expectedCodes.has(result.code) &&
    typeof result.message === "string"
  )
    return null;
  return `answered ${describeValue(answer)}`;
}

/** Sends one payload from one actor; throws (for fast-check to shrink) on a wrong answer, an unexpected log or a stuck socket. */
async function probe(kind: Kind, event: Event, args: unknown[], expectAnswer = isAnswered(event)) {
  const logged = unexpectedLogs().length;
  const escapedBefore = escaped.length;
  const socket = await socketOf(kind);
  if (!expectAnswer) {
    (socket.emit as (...all: unknown[]) => void)(event, ...args);
    // the next answered event on the same socket comes after this one was handled (or refused)
    const outcome = await emitAndWait(socket, "read:states", [{}]);
    if ("timeout" in outcome) throw new Error(`the socket stopped answering after ${event}`);
  } else {
    let outcome = await emitAndWait(socket, event, args);
    // the per-socket event budget: wait as long as the refusal says, then ask again (a few times)
    for (
      let retry = 0;
      retry < 3 && "answer" in outcome && (outcome.answer as { code?: number })?.code === ErrorCode.RATE_LIMITED;
      retry++
    ) {
      stats.refusedRateLimited++;
      const waitMs = Number((outcome.answer as { retryAfterMs?: number }).retryAfterMs) || 100;
      await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 2_000)));
      outcome = await emitAndWait(await socketOf(kind), event, args);
    }
    if ("timeout" in outcome)
      throw new Error(
        `${event} got no answer within ${ANSWER_TIMEOUT_MS} ms (socket ${socket.connected ? "connected" : "disconnected"})`,
      );
    if ("disconnected" in outcome) stats.disconnected++;
    else {
      stats.answered++;
      const answer = outcome.answer as { ok?: boolean; code?: number };
      const key = `${event} ${answer?.ok ? "ok" : answer?.code} ${(answer as { message?: string })?.message}`;
      stats.answers[key] = (stats.answers[key] ?? 0) + 1;
      const wrong = wrongAnswer(outcome.answer);
      if (wrong) throw new Error(`${event} from ${kind}: ${wrong}`);
    }
  }
  if (escaped.length > escapedBefore) {
    const error = escaped[escapedBefore];
    throw new Error(
      `${event} from ${kind}: a handler threw outside toResult (unhandled): ${error instanceof Error ? error.stack : describeValue(error)}`,
    );
  }
  const logs = unexpectedLogs().slice(logged);
  if (logs.length)
    throw new Error(
      `${event} from ${kind} logged an unexpected error: ${logs.map((call) => (call[1] instanceof Error ? call[1].stack : describeValue(call.slice(1)))).join("\n")}`,
    );
}

beforeAll(async () => {
  consoleError = vi.spyOn(console, "error");
  process.on("unhandledRejection", onEscaped);
  process.on("uncaughtException", onEscaped);
  server = await startSocketServer();
  [w, other] = await Promise.all([makeWorld(), makeWorld()]);
  const { owner } = w.actors;
  // rows the fuzzing actors may or may not see: a private channel without the members, another community
  const secret = await createChannel(owner, {
    communityId: w.communityId,
    name: unique("secret").toLowerCase(),
    kind: "PRIVATE",
  });
  const shown = await sendMessage(owner, { channelId: w.generalChannelId, content: "hello @everyone", nonce: nonce() });
  const hidden = await sendMessage(owner, { channelId: secret.id, content: "secret", nonce: nonce() });
  const thread = await createThread(owner, { messageId: shown.id, name: "plans" });
  const elsewhere = await sendMessage(other.actors.owner, {
    channelId: other.generalChannelId,
    content: "elsewhere",
    nonce: nonce(),
  });
  const elsewhereThread = await createThread(other.actors.owner, { messageId: elsewhere.id });
  idsByField = {
    communityId: [w.communityId, other.communityId],
    channelId: [w.generalChannelId, w.generalChannelId, secret.id, other.generalChannelId],
    messageId: [shown.id, shown.id, hidden.id, elsewhere.id],
    threadId: [thread.id, thread.id, elsewhereThread.id],
    userId: [...Object.values(w.actors).map((actor) => actor.userId), other.actors.owner.userId],
  };
  ids = [
    w.communityId,
    w.generalChannelId,
    secret.id,
    shown.id,
    hidden.id,
    thread.id,
    other.communityId,
    other.generalChannelId,
    elsewhere.id,
    elsewhereThread.id,
    ...Object.values(w.actors).map((actor) => actor.userId),
    other.actors.owner.userId,
  ];
});

beforeEach(() => {
  escapedBaseline = escaped.length;
  logBaseline = consoleError.mock.calls.filter(([first]) => first === "[unexpected error]").length;
});

afterAll(async () => {
  console.info(`[socket fuzz] ${JSON.stringify(stats)}`);
  process.off("unhandledRejection", onEscaped);
  process.off("uncaughtException", onEscaped);
  consoleError?.mockRestore();
  await server?.close();
});

describe("every client→server event under hostile payloads", () => {
  it("lists every event of the event map", () => {
    expect(events).toHaveLength(new Set(events).size);
    expect(unanswered.every((event) => events.includes(event))).toBe(true);
  });

  for (const event of events) {
    it(`${event}: answers a known code (never 6001002), logs nothing unexpected, keeps the socket usable`, async () => {
      const arbitrary = hostileArbitraries({ ids, idsByField, wire: true });
      await assertProperty(
        fc.asyncProperty(fc.constantFrom(...kinds), arbitrary.forSchema(payloadShapes[event]), async (kind, payload) =>
          probe(kind, event, [payload]),
        ),
        fuzzParameters(RUNS),
      );
    });
  }

  it("odd calls: no payload, non-object payloads, no ack, an ack that is not a function, extra arguments", async () => {
    const failures: string[] = [];
    const tryProbe = (kind: Kind, event: Event, args: unknown[], expectAnswer?: boolean) =>
      probe(kind, event, args, expectAnswer).catch(
        (error: Error) =>
          void failures.push(`${describeValue(args)}: ${error.message.split("\n").slice(0, 2).join(" | ")}`),
      );
    // first, while their budgets (typing: 5 at once) are fresh, the unanswered events with a field String() cannot convert
    for (const event of unanswered) await tryProbe("muted", event, [{ channelId: { toString: 0, valueOf: 0 } }]);
    for (const [index, event] of events.entries()) {
      const kind = index % 2 ? "member" : "owner";
      for (const payload of [null, "x", NUL, 42, true, [NUL]]) await tryProbe(kind, event, [payload]);
      for (const args of [[], [{}], [{ channelId: NUL }, 42], [{ channelId: NUL }, "ack", { more: 1 }], [null, null]])
        await tryProbe(kind, event, args, false);
      // each field as plain JSON that String() cannot convert (no callable toString or valueOf), alone and in a list
      const shape = (payloadShapes[event] as unknown as { shape?: Record<string, unknown> }).shape ?? {
        channelId: null,
        communityId: null,
      };
      for (const field of Object.keys(shape)) {
        for (const evil of [{ toString: 0, valueOf: 0 }, [{ toString: 0 }]])
          await tryProbe(kind, event, [{ [field]: evil }]);
      }
    }
    expect(failures).toEqual([]);
    // no payload, only the ack: the handler receives the ack as its payload and has no ack to answer with
    const socket = await socketOf("owner");
    const outcomes = await Promise.all(events.filter(isAnswered).map((event) => emitAndWait(socket, event, [], 500)));
    for (const outcome of outcomes) {
      if ("timeout" in outcome) stats.unanswered++;
      else if ("answer" in outcome) expect(wrongAnswer(outcome.answer)).toBeNull();
    }
    expect(unexpectedLogs()).toEqual([]);
    expect(escaped.slice(escapedBaseline)).toEqual([]);
  });

  it("an oversized payload (10 MB) is refused or drops the connection, never answered with success; the user reconnects", async () => {
    for (const event of events) {
      const socket = await socketOf("member");
      const outcome = await emitAndWait(socket, event, [
        // one 10 MB field is past the socket's message limit, whichever field the event reads
        { channelId: w.generalChannelId, content: TEN_MB, nonce: nonce() },
      ]);
      if ("answer" in outcome) {
        expect(wrongAnswer(outcome.answer), event).toBeNull();
        expect(outcome.answer, event).toMatchObject({ ok: false });
      } else if ("disconnected" in outcome) stats.disconnected++;
      else if (isAnswered(event))
        throw new Error(`${event}: a 10 MB payload got no answer and the socket is still open`);
    }
    expect(unexpectedLogs()).toEqual([]);
  });

  it("afterwards a normal send still works and is stored", async () => {
    const socket = await socketOf("member");
    expect(await request(socket, "channel:subscribe", { channelId: w.generalChannelId })).toMatchObject({ ok: true });
    const key = nonce();
    const sent = await request(socket, "message:send", {
      channelId: w.generalChannelId,
      content: "still here",
      nonce: key,
    });
    expect(sent).toMatchObject({ ok: true, data: { content: "still here", nonce: key } });
    expect(await db.message.findUnique({ where: { id: sent.ok ? sent.data.id : "" } })).not.toBeNull();
    expect(unexpectedLogs()).toEqual([]);
  });
});
