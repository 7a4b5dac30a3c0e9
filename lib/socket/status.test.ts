import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { ServerToClientEvents } from "../realtime/events";
import { makeWorld } from "../testing/world";
import { nextEvent, request, startSocketServer, type TestSocket } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

type PresenceBatch = Parameters<ServerToClientEvents["presence:changes"]>[0];
const statuses = ["online", "idle", "dnd", "offline"] as const;
/** The next batch that tells this user's status. */
const nextStatusOf = (socket: TestSocket, userId: string) =>
  new Promise<string>((resolve) => {
    const listener = (batch: PresenceBatch) => {
      const status = statuses.find((s) => batch[s].includes(userId));
      if (!status) return;
      socket.off("presence:changes", listener);
      resolve(status);
    };
    socket.on("presence:changes", listener);
  });

async function statusSeenBy(watcher: TestSocket, communityId: string, userId: string) {
  const answer = await request(watcher, "presence:query", { communityId, userIds: [userId] });
  if (!answer.ok) throw new Error(answer.message);
  return answer.data[userId];
}

describe("chosen status", () => {
  it("invisible shows offline to others while connected; do not disturb shows dnd; both live and kept on reconnect", async () => {
    const w = await makeWorld();
    const member = w.actors.member.userId;
    const watcher = await server.connected(w.actors.owner.userId);
    const online = nextStatusOf(watcher, member);
    const tab = await server.connected(member);
    expect(await online).toBe("online");

    const hidden = nextStatusOf(watcher, member);
    const answer = await request(tab, "status:set", { mode: "INVISIBLE" });
    expect(answer).toEqual({ ok: true, data: { mode: "INVISIBLE", custom: null } });
    expect(await hidden).toBe("offline");
    expect(await statusSeenBy(watcher, w.communityId, member)).toBe("offline");
    expect(tab.connected).toBe(true); // still online for oneself: the socket works
    expect(await request(tab, "read:states", {})).toMatchObject({ ok: true });

    // a new tab of the invisible user announces nothing: they stay offline to others
    const second = await server.connected(member);
    expect(await statusSeenBy(watcher, w.communityId, member)).toBe("offline");

    const dnd = nextStatusOf(watcher, member);
    await request(second, "status:set", { mode: "DND" });
    expect(await dnd).toBe("dnd");
    tab.emit("presence:idle", { idle: true });
    second.emit("presence:idle", { idle: true });
    await request(tab, "read:states", {});
    await request(second, "read:states", {});
    expect(await statusSeenBy(watcher, w.communityId, member)).toBe("dnd"); // idle tabs do not change a chosen status

    const gone = nextStatusOf(watcher, member);
    tab.disconnect();
    second.disconnect();
    expect(await gone).toBe("offline");
    const back = nextStatusOf(watcher, member);
    await server.connected(member); // the handshake reads the chosen status
    expect(await back).toBe("dnd");
    expect((await db.user.findUniqueOrThrow({ where: { id: member } })).presenceMode).toBe("DND");
  });

  it("a custom status reaches the user's communities and their other tabs; outsiders hear nothing", async () => {
    const w = await makeWorld();
    const member = w.actors.member.userId;
    const [watcher, outsider, tab, otherTab] = await Promise.all([
      server.connected(w.actors.owner.userId),
      server.connected(w.actors.outsider.userId),
      server.connected(member),
      server.connected(member),
    ]);
    const heard: unknown[] = [];
    outsider.on("member:status", (payload) => heard.push(payload));
    const told = nextEvent(watcher, "member:status");
    const mine = nextEvent(otherTab, "status:mine");
    await request(tab, "status:set", { custom: { text: "Lunch", emoji: "🍕", clearAfter: "30m" } });
    expect(await told).toMatchObject({
      communityId: w.communityId,
      userId: member,
      custom: { text: "Lunch", emoji: "🍕" },
    });
    expect(await mine).toMatchObject({ mode: "AUTO", custom: { text: "Lunch" } });
    await request(outsider, "read:states", {});
    expect(heard).toEqual([]);

    // going invisible hides it from others
    const hiddenNow = nextEvent(watcher, "member:status");
    await request(tab, "status:set", { mode: "INVISIBLE" });
    expect(await hiddenNow).toMatchObject({ userId: member, custom: null });
  });

  it("refuses a bad status with a readable message and changes nothing", async () => {
    const w = await makeWorld();
    const tab = await server.connected(w.actors.member.userId);
    expect(await request(tab, "status:set", { mode: "AWAY" as never })).toMatchObject({
      ok: false,
      code: 6002001,
      message: "Choose a status.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: w.actors.member.userId } })).presenceMode).toBe("AUTO");
  });
});
