import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ErrorCode } from "../errors";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { request, startSocketServer, type TestSocket } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

const NUL = "\u0000";
/** Any event, with any payload: what a hostile client can send. */
const send = (socket: TestSocket, event: string, payload: unknown) =>
  request(socket, event as "read:states", payload as never);

describe("NUL and lone surrogates over sockets", () => {
  it("every event with an unstorable id or text answers 6002001, never a server error", async () => {
    const w = await makeWorld();
    const { communityId, generalChannelId: channelId } = w;
    const consoleError = vi.spyOn(console, "error");
    const socket = await server.connected(w.actors.owner.userId);
    const sent = await request(socket, "message:send", { channelId, content: "hello", nonce: nonce() });
    expect(sent.ok).toBe(true);
    const messageId = sent.ok ? sent.data.id : "";

    const events: Array<[string, unknown]> = [
      ["channel:subscribe", { channelId: NUL }],
      ["message:send", { channelId: `${channelId}${NUL}`, content: "hi", nonce: nonce() }],
      ["message:send", { channelId, content: `hi${NUL}`, nonce: nonce() }],
      ["message:send", { channelId, content: "hi", nonce: "\uD800" }],
      ["message:edit", { messageId: NUL, content: "hi" }],
      ["message:edit", { messageId, content: `hi${NUL}` }],
      ["message:delete", { messageId: NUL }],
      ["message:react", { messageId: NUL, emoji: "👍", add: true }],
      ["message:pin", { messageId: NUL, pin: true }],
      ["channel:read", { channelId: NUL, messageId }],
      ["community:read", { communityId: NUL }],
      ["notify:set", { scope: "community", communityId: NUL, notify: "ALL" }],
      ["presence:query", { communityId: NUL, userIds: [w.actors.member.userId] }],
      ["presence:query", { communityId, userIds: [NUL] }],
      ["user:block", { userId: NUL, blocked: true }],
      ["thread:create", { messageId: NUL }],
      ["thread:create", { messageId, name: `plans${NUL}` }],
      ["thread:get", { threadId: NUL }],
      ["thread:update", { threadId: NUL, name: "x" }],
      ["thread:follow", { threadId: NUL, follow: true }],
      ["thread:list", { channelId: NUL }],
      ["thread:list", { channelId, cursor: NUL }],
    ];
    for (const [event, payload] of events) {
      expect(await send(socket, event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        code: ErrorCode.INVALID_INPUT,
      });
    }
    // events without an answer drop it quietly; the socket keeps working
    socket.emit("typing:start", { channelId: NUL });
    socket.emit("channel:unsubscribe", { channelId: NUL });
    expect(await request(socket, "channel:subscribe", { channelId })).toMatchObject({ ok: true });
    expect(consoleError.mock.calls.filter(([first]) => first === "[unexpected error]")).toEqual([]);
    consoleError.mockRestore();
  });
});
