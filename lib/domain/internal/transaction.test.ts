import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db";
import { ErrorCode } from "../../errors";
import { newId } from "../../ids";
import { publish, registerRealtimeServer, type ChatServer } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";
import { makeCommunity, unique } from "../../testing/factories";
import { createChannel } from "../channels";
import { inTransaction } from "./transaction";

type Emitted = { room: string; event: string; args: unknown[] };

/** A stand-in Socket.IO server that records what the domain publishes (room joins and leaves are ignored). */
function recordingServer() {
  const emitted: Emitted[] = [];
  const to = (room: string | string[]) => {
    const target = {
      emit: (event: string, ...args: unknown[]) => {
        for (const name of [room].flat()) emitted.push({ room: name, event, args });
        return true;
      },
      except: () => target,
      socketsJoin: () => {},
      socketsLeave: () => {},
      disconnectSockets: () => {},
    };
    return target;
  };
  return { io: { to, in: to } as unknown as ChatServer, emitted };
}

let emitted: Emitted[];
beforeEach(() => {
  const server = recordingServer();
  emitted = server.emitted;
  registerRealtimeServer(server.io);
});
afterEach(() => registerRealtimeServer(undefined));

const newUser = (username: string) => ({ id: newId(), username, displayName: "Tx", passwordHash: "not-a-hash" });

describe("inTransaction: publishing after commit", () => {
  it("a rolled-back transaction runs none of its effects: nothing is published, nothing stored", async () => {
    const user = newUser(unique("rollback").toLowerCase());
    const ran: string[] = [];
    await expect(
      inTransaction(async (tx, afterCommit) => {
        await tx.user.create({ data: user });
        afterCommit(() => publish(rooms.user(user.id), "block:changed", { userId: user.id, blocked: true }));
        afterCommit(() => ran.push("effect"));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(ran).toEqual([]);
    expect(emitted).toEqual([]);
    expect(await db.user.findUnique({ where: { id: user.id } })).toBeNull();
  });

  it("a committed transaction publishes only after the commit, in the order registered", async () => {
    const user = newUser(unique("commit").toLowerCase());
    const order: string[] = [];
    const result = await inTransaction(async (tx, afterCommit) => {
      await tx.user.create({ data: user });
      afterCommit(async () => {
        // read on the pool, outside the transaction: the row is there, so the commit came first
        const stored = await db.user.findUnique({ where: { id: user.id }, select: { id: true } });
        order.push(stored ? "committed row visible" : "row missing");
      });
      afterCommit(() => {
        publish(rooms.user(user.id), "block:changed", { userId: user.id, blocked: true });
        order.push("published");
      });
      order.push("transaction body done");
      expect(emitted).toEqual([]); // registered, not yet run
      return "answer";
    });
    expect(result).toBe("answer");
    expect(order).toEqual(["transaction body done", "committed row visible", "published"]);
    expect(emitted).toEqual([
      { room: rooms.user(user.id), event: "block:changed", args: [{ userId: user.id, blocked: true }] },
    ]);
  });

  it("an effect that fails fails the call, the writes stay committed; registering after the end is refused", async () => {
    const user = newUser(unique("late").toLowerCase());
    let keep: ((effect: () => unknown) => void) | undefined;
    await expect(
      inTransaction(async (tx, afterCommit) => {
        await tx.user.create({ data: user });
        keep = afterCommit;
        afterCommit(() => {
          throw new Error("publish failed");
        });
      }),
    ).rejects.toThrow("publish failed");
    expect(await db.user.findUnique({ where: { id: user.id }, select: { id: true } })).toEqual({ id: user.id });
    expect(() => keep!(() => {})).toThrow("afterCommit called after its transaction ended");
  });

  it("a domain use case publishes what it committed, and nothing when it refuses", async () => {
    const { owner, community, members } = await makeCommunity(1);
    emitted.length = 0;
    await expect(
      createChannel(members[0], { communityId: community.id, name: "refused", topic: "", kind: "PUBLIC" }),
    ).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    expect(emitted).toEqual([]);

    const channel = await createChannel(owner, {
      communityId: community.id,
      name: "announced",
      topic: "",
      kind: "PUBLIC",
    });
    const events = emitted.map(({ room, event }) => `${event} → ${room}`);
    expect(events).toContain(`channel:created → ${rooms.community(community.id)}`);
    expect(events).toContain(`message:new → ${rooms.channel(channel.id)}`); // the "channel created" system message
    expect(await db.channel.findUnique({ where: { id: channel.id }, select: { id: true } })).toEqual({
      id: channel.id,
    });
  });
});
