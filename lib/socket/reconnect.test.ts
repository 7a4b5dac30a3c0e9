import { afterAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "../domain/actor";
import { listMessages, sendMessage } from "../domain/messages";
import type { MessageDTO } from "../dto";
import { mergeMessages, subscribeAndCatchUp } from "../realtime/catch-up";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { request, startSocketServer, type TestSocket } from "../testing/socket-client";

const servers: Awaited<ReturnType<typeof startSocketServer>>[] = [];
afterAll(async () => {
  for (const server of servers) await server.close().catch(() => {});
});

/**
 * What the browser does (components/message/use-channel-messages.ts): live messages, and on every
 * connect a resubscribe whose answer carries the catch-up's first page (further pages over HTTP, which calls listMessages).
 */
function follow(socket: TestSocket, reader: Actor, channelId: string) {
  let list: MessageDTO[] = [];
  const merge = (messages: MessageDTO[]) => {
    list = mergeMessages(list, messages);
  };
  const fetchAfter = (after: string) => listMessages(reader, { channelId, after, limit: 100 }).catch(() => null);
  let caughtUp = 0;
  socket.on("message:new", (message) => message.channelId === channelId && merge([message]));
  socket.on("connect", async () => {
    await subscribeAndCatchUp(
      list.at(-1)?.id ?? null,
      async (after) => {
        const answer = await request(socket, "channel:subscribe", after ? { channelId, after } : { channelId });
        return answer.ok ? answer.data : null;
      },
      fetchAfter,
      merge,
    );
    caughtUp++;
  });
  return { ids: () => list.map((m) => m.id), caughtUp: () => caughtUp };
}

const connectedOnce = (socket: TestSocket) => new Promise<void>((resolve) => socket.once("connect", () => resolve()));
const yieldToIo = () => new Promise((resolve) => setImmediate(resolve));

describe("reconnect without loss", () => {
  it("a dropped connection and a server restart mid-stream: the client ends with every message exactly once, in order", async () => {
    const w = await makeWorld();
    const channelId = w.generalChannelId;
    const first = await startSocketServer();
    servers.push(first);
    const port = first.port;
    const reader = await first.client(w.actors.member.userId, {}, { reconnect: true });
    const feed = follow(reader, w.actors.member, channelId);
    await connectedOnce(reader);
    await vi.waitFor(() => expect(feed.caughtUp()).toBe(1));

    const sent: string[] = [];
    const total = 150;
    let restarted: Awaited<ReturnType<typeof startSocketServer>> | null = null;
    for (let i = 0; i < total; i++) {
      // the sender writes through the domain: messages keep flowing whatever the socket server does
      sent.push((await sendMessage(w.actors.owner, { channelId, content: `m${i}`, nonce: nonce() })).id);
      if (i === 40) reader.io.engine.close(); // the network drops; the client reconnects on its own
      if (i === 90) await first.stop(); // the server goes away…
      if (i === 110) {
        restarted = await startSocketServer(port); // …and comes back on the same port
        servers.push(restarted);
      }
      await yieldToIo();
    }
    await vi.waitFor(() => expect(feed.ids()).toEqual(sent), { timeout: 15_000, interval: 50 });
    expect(new Set(feed.ids()).size).toBe(total);
    expect(feed.caughtUp()).toBeGreaterThanOrEqual(3);
    expect(restarted).not.toBeNull();
    reader.disconnect();
  });

  it("a send whose ack was lost to a drop is retried with its nonce after reconnecting: stored once", async () => {
    const w = await makeWorld();
    const server = await startSocketServer();
    servers.push(server);
    const sender = await server.client(w.actors.member.userId, {}, { reconnect: true });
    await connectedOnce(sender);
    const key = nonce();
    // the send leaves, then the connection drops before the ack can come back
    sender.emit(
      "message:send",
      { channelId: w.generalChannelId, content: "sent while the network failed", nonce: key },
      () => {},
    );
    sender.io.engine.close();
    await connectedOnce(sender);
    const retry = await request(sender, "message:send", {
      channelId: w.generalChannelId,
      content: "sent while the network failed",
      nonce: key,
    });
    const again = await request(sender, "message:send", {
      channelId: w.generalChannelId,
      content: "sent while the network failed",
      nonce: key,
    });
    expect(retry.ok && again.ok && retry.data.id === again.data.id).toBe(true);
    const history = await listMessages(w.actors.member, { channelId: w.generalChannelId });
    expect(history.messages.filter((m) => m.content === "sent while the network failed")).toHaveLength(1);
    sender.disconnect();
  });
});
