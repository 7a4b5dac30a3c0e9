import { afterEach, describe, expect, it, vi } from "vitest";
import type { ServerToClientEvents } from "../../realtime/events";
import { createPresenceStore } from "../../realtime/presence-store";
import type { ChatServer } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";
import { PresenceAnnouncer } from "./presence";

// In-process presence and a recording stand-in for Socket.IO: nothing here waits for I/O, so the
// window can run on fake timers.
type Told = { room: string; at: number; batch: Parameters<ServerToClientEvents["presence:changes"]>[0] };

function setUp(intervalMs = 300) {
  const told: Told[] = [];
  const audience = new Map<string, Set<string>>(); // room → the sockets in it (how many a batch reaches)
  const io = {
    to: (room: string) => ({
      emit: (_event: "presence:changes", batch: Told["batch"]) => told.push({ room, at: Date.now(), batch }),
    }),
    sockets: { adapter: { rooms: audience } },
  } as unknown as ChatServer;
  const store = createPresenceStore(null);
  const announcer = new PresenceAnnouncer(io, store, intervalMs);
  const general = rooms.community("c1");
  const rest = [rooms.user("x"), rooms.managers("c1")]; // a socket's other rooms are never told
  return {
    told,
    audience,
    store,
    announcer,
    connect: (userId: string, socketId: string, communities = [general]) =>
      announcer.note(store.connect(userId, socketId), [...communities, ...rest]),
    disconnect: (socketId: string, communities = [general]) =>
      announcer.note(store.disconnect(socketId), [...communities, ...rest]),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("presence announcer", () => {
  it("tells a community at most once per interval, gathering what changed meanwhile", async () => {
    vi.useFakeTimers({ now: 0 });
    const { told, store, announcer, connect } = setUp(300);
    connect("ann", "s1");
    await vi.advanceTimersByTimeAsync(299);
    expect(told).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(told).toEqual([
      { room: "community:c1", at: 300, batch: { communityId: "c1", online: ["ann"], idle: [], dnd: [], offline: [] } },
    ]);

    // a burst right after: one batch, a whole interval after its first change
    for (let i = 0; i < 50; i++) {
      connect(`user${i}`, `t${i}`);
      await vi.advanceTimersByTimeAsync(5);
    }
    announcer.note(store.setIdle("s1", true), ["community:c1"]);
    await vi.advanceTimersByTimeAsync(300);
    expect(told).toHaveLength(2);
    expect(told[1].at - told[0].at).toBeGreaterThanOrEqual(300);
    expect(told[1].batch.online).toHaveLength(50);
    expect(told[1].batch.idle).toEqual(["ann"]);
    await announcer.close();
  });

  it("tells a crowd less often: after a batch that reached more sockets than a second's budget, the next waits longer", async () => {
    vi.useFakeTimers({ now: 0 });
    const { told, audience, announcer, connect } = setUp(300);
    audience.set("community:c1", new Set(Array.from({ length: 10_000 }, (_, i) => `socket${i}`)));
    connect("ann", "s1");
    await vi.advanceTimersByTimeAsync(300);
    expect(told).toHaveLength(1);
    // 10,000 writes at PRESENCE_WRITES_PER_SECOND (5,000): the next batch waits 2 s, not 300 ms
    connect("bob", "s2");
    await vi.advanceTimersByTimeAsync(1_999);
    expect(told).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(told.map((t) => t.at)).toEqual([300, 2_300]);
    // a small audience again: back to the interval
    audience.set("community:c1", new Set(["s1", "s2"]));
    connect("cy", "s3");
    await vi.advanceTimersByTimeAsync(2_000);
    connect("dee", "s4");
    await vi.advanceTimersByTimeAsync(300);
    expect(told.map((t) => t.at)).toEqual([300, 2_300, 4_300, 4_600]);
    await announcer.close();
  });

  it("a connect and a disconnect within one window tell nothing; a status that comes back where it was tells nothing", async () => {
    vi.useFakeTimers({ now: 0 });
    const { told, store, announcer, connect, disconnect } = setUp(300);
    connect("bob", "s1");
    disconnect("s1");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(told).toEqual([]);

    connect("bob", "s2");
    await vi.advanceTimersByTimeAsync(300);
    expect(told.map((t) => t.batch.online)).toEqual([["bob"]]);
    announcer.note(store.setIdle("s2", true), ["community:c1"]);
    announcer.note(store.setIdle("s2", false), ["community:c1"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(told).toHaveLength(1);
    await announcer.close();
  });

  it("tells each of the user's communities; close stops the timer and drops what is pending", async () => {
    vi.useFakeTimers({ now: 0 });
    const { told, announcer, connect } = setUp(300);
    connect("cy", "s1", [rooms.community("c1"), rooms.community("c2")]);
    await vi.advanceTimersByTimeAsync(300);
    expect(told.map((t) => [t.room, t.batch.communityId, t.batch.online])).toEqual([
      ["community:c1", "c1", ["cy"]],
      ["community:c2", "c2", ["cy"]],
    ]);

    connect("dee", "s2");
    await vi.advanceTimersByTimeAsync(0); // the change is noted and the window open
    expect(vi.getTimerCount()).toBe(1);
    await announcer.close();
    expect(vi.getTimerCount()).toBe(0);
    connect("eve", "s3"); // after close: ignored
    await vi.advanceTimersByTimeAsync(1_000);
    expect(told).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
