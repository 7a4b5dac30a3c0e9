import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createChannel } from "../domain/channels";
import { createCommunity } from "../domain/communities";
import { acceptInvite, createInvite } from "../domain/invites";
import type { ServerToClientEvents } from "../realtime/events";
import { rooms } from "../realtime/rooms";
import { makeUser, unique } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { collect, nextEvent, request, startSocketServer, type TestSocket } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

describe("typing", () => {
  it("reaches the other viewers of the channel with the typer's name, at most once a second per socket", async () => {
    const w = await makeWorld();
    const [typer, viewer, elsewhere] = await Promise.all(
      (["member", "member2", "admin"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    await request(typer, "channel:subscribe", { channelId: w.generalChannelId });
    await request(viewer, "channel:subscribe", { channelId: w.generalChannelId });
    const viewerGot = collect(viewer, "typing");
    const elsewhereGot = collect(elsewhere, "typing");
    const typerGot = collect(typer, "typing");

    const first = nextEvent(viewer, "typing");
    typer.emit("typing:start", { channelId: w.generalChannelId });
    expect(await first).toEqual({
      channelId: w.generalChannelId,
      userId: w.actors.member.userId,
      displayName: "member",
    });
    for (let i = 0; i < 5; i++) typer.emit("typing:start", { channelId: w.generalChannelId });
    await request(typer, "read:states", {}); // the server handled the burst before answering
    await request(viewer, "read:states", {});
    expect(viewerGot).toHaveLength(1);
    expect(elsewhereGot).toHaveLength(0);
    expect(typerGot).toHaveLength(0);
  });

  it("is heard from a reader still subscribing, never from a private channel's outsider or a non-member", async () => {
    const w = await makeWorld();
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [],
    });
    const [owner, outsider, member] = await Promise.all(
      (["owner", "outsider", "member"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    await request(owner, "channel:subscribe", { channelId: secret.id });
    await request(owner, "channel:subscribe", { channelId: w.generalChannelId });
    const ownerGot = collect(owner, "typing");
    expect(await request(member, "channel:subscribe", { channelId: secret.id })).toMatchObject({ ok: false });
    member.emit("typing:start", { channelId: secret.id });
    outsider.emit("typing:start", { channelId: w.generalChannelId });
    (outsider.emit as (...args: unknown[]) => void)("typing:start", null);
    (outsider.emit as (...args: unknown[]) => void)("typing:start", { channelId: { $gt: "" } });
    await request(member, "read:states", {});
    await request(outsider, "read:states", {});
    await request(owner, "read:states", {});
    expect(ownerGot).toHaveLength(0);

    // a member who can read #general but has not subscribed yet (typing right after opening it)
    const heard = nextEvent(owner, "typing");
    member.emit("typing:start", { channelId: w.generalChannelId });
    expect(await heard).toMatchObject({ channelId: w.generalChannelId, userId: w.actors.member.userId });
  });
});

type PresenceBatch = Parameters<ServerToClientEvents["presence:changes"]>[0];
/** A user's statuses, in the order a socket's batches told them. */
const statusesOf = (batches: [PresenceBatch][], userId: string) =>
  batches.flatMap(([batch]) => (["online", "idle", "offline"] as const).filter((s) => batch[s].includes(userId)));
/** The next batch that tells this user's status. */
const nextStatusOf = (socket: TestSocket, userId: string) =>
  new Promise<string>((resolve) => {
    const listener = (batch: PresenceBatch) => {
      const [status] = statusesOf([[batch]], userId);
      if (!status) return;
      socket.off("presence:changes", listener);
      resolve(status);
    };
    socket.on("presence:changes", listener);
  });
const sorted = (ids: string[]) => [...ids].sort();

describe("presence", () => {
  it("is online while any tab is active, idle when all are idle, offline when the last closes; told to the user's communities only", async () => {
    const w = await makeWorld();
    const watcher = await server.connected(w.actors.owner.userId);
    const outsider = await server.connected(w.actors.outsider.userId);
    const outsiderGot = collect(outsider, "presence:changes");
    const changes = collect(watcher, "presence:changes");
    const member = w.actors.member.userId;
    const statusFor = async () => {
      const answer = await request(watcher, "presence:query", {
        communityId: w.communityId,
        userIds: [member, w.actors.outsider.userId, "nobody"],
      });
      if (!answer.ok) throw new Error(answer.message);
      return answer.data;
    };
    expect(await statusFor()).toEqual({ [member]: "offline" });

    const online = nextStatusOf(watcher, member);
    const tab1 = await server.connected(member);
    expect(await online).toBe("online");
    const tab2 = await server.connected(member);
    tab1.emit("presence:idle", { idle: true });
    await request(tab1, "read:states", {});
    expect(await statusFor()).toEqual({ [member]: "online" }); // tab 2 is still active

    const idle = nextStatusOf(watcher, member);
    tab2.emit("presence:idle", { idle: true });
    expect(await idle).toBe("idle");
    const back = nextStatusOf(watcher, member);
    tab1.emit("presence:idle", { idle: false });
    expect(await back).toBe("online");

    const idleAgain = nextStatusOf(watcher, member);
    tab1.disconnect();
    expect(await idleAgain).toBe("idle"); // the remaining tab is idle
    expect(await statusFor()).toEqual({ [member]: "idle" });
    const offline = nextStatusOf(watcher, member);
    tab2.disconnect();
    expect(await offline).toBe("offline");
    expect(statusesOf(changes, member)).toEqual(["online", "idle", "online", "idle", "offline"]);
    expect(changes.every(([batch]) => batch.communityId === w.communityId)).toBe(true);
    await request(outsider, "read:states", {}).catch(() => {});
    expect(statusesOf(outsiderGot, member)).toHaveLength(0);

    expect(await request(outsider, "presence:query", { communityId: w.communityId, userIds: [member] })).toMatchObject({
      ok: false,
      code: 6001005,
    });
    expect(
      await request(watcher, "presence:query", {
        communityId: w.communityId,
        userIds: Array.from({ length: 201 }, (_, i) => `u${i}`),
      }),
    ).toMatchObject({
      ok: false,
      code: 6002001,
    });
  });
});

describe("presence batches", () => {
  // a window that only ends when the test says so: what it gathers does not depend on timing
  let batching: Awaited<ReturnType<typeof startSocketServer>>;
  beforeAll(async () => {
    batching = await startSocketServer(0, { presenceFlushMs: 10 * 60_000 });
  });
  afterAll(async () => {
    await batching.close();
  });
  /** Waits until the server has seen the user's sockets close (their change is then being noted). */
  const socketsOnServer = (userId: string, count: number) =>
    vi.waitFor(async () => expect(await batching.io.in(rooms.user(userId)).fetchSockets()).toHaveLength(count));

  it("many changes in one window: one batch per community room with each user's last status; a connect and a disconnect within it tell nothing", async () => {
    const w = await makeWorld();
    const { owner, admin, admin2, member, member2, muted } = w.actors;
    const watcher = await batching.connected(owner.userId);
    await batching.flushPresence();
    await request(watcher, "read:states", {}); // its own arrival is told before this answer
    const got = collect(watcher, "presence:changes");

    await Promise.all([admin, admin2, member].map((actor) => batching.connected(actor.userId)));
    const secondTab = await batching.connected(member.userId);
    const dozing = await batching.connected(member2.userId);
    dozing.emit("presence:idle", { idle: true });
    await request(dozing, "read:states", {}); // handled before this answer
    const passing = await batching.connected(muted.userId);
    await request(passing, "read:states", {}); // its rooms are joined
    passing.disconnect();
    secondTab.disconnect();
    await socketsOnServer(muted.userId, 0);
    await socketsOnServer(member.userId, 1);
    await batching.flushPresence();
    await request(watcher, "read:states", {}); // the batch arrived before this answer

    expect(got).toHaveLength(1);
    const [[batch]] = got;
    expect(batch.communityId).toBe(w.communityId);
    expect(sorted(batch.online)).toEqual(sorted([admin.userId, admin2.userId, member.userId]));
    expect(batch.idle).toEqual([member2.userId]);
    expect(batch.offline).toEqual([]);

    // nothing changed since: a flush tells nothing
    await batching.flushPresence();
    await request(watcher, "read:states", {});
    expect(got).toHaveLength(1);
  });

  it("a member of two communities is announced in both; a user who shares none with them never hears it", async () => {
    const w = await makeWorld();
    const traveller = w.actors.member.userId;
    const elsewhere = await createCommunity(w.actors.outsider, { name: unique("Elsewhere") });
    await acceptInvite(
      w.actors.member,
      (await createInvite(w.actors.outsider, { communityId: elsewhere.community.id })).code,
    );
    const stranger = await makeUser("stranger");
    await createCommunity(stranger, { name: unique("Apart") });

    const inFirst = await batching.connected(w.actors.member2.userId);
    const inSecond = await batching.connected(w.actors.outsider.userId);
    const apart = await batching.connected(stranger.userId);
    await batching.flushPresence();
    await Promise.all([inFirst, inSecond, apart].map((socket) => request(socket, "read:states", {})));
    const [firstGot, secondGot, apartGot] = [inFirst, inSecond, apart].map((socket) =>
      collect(socket, "presence:changes"),
    );

    const travelling = await batching.connected(traveller);
    await batching.flushPresence();
    await Promise.all([inFirst, inSecond, apart].map((socket) => request(socket, "read:states", {})));
    expect(firstGot.map(([batch]) => batch)).toEqual([
      { communityId: w.communityId, online: [traveller], idle: [], dnd: [], offline: [] },
    ]);
    expect(secondGot.map(([batch]) => batch)).toEqual([
      { communityId: elsewhere.community.id, online: [traveller], idle: [], dnd: [], offline: [] },
    ]);

    travelling.disconnect();
    await socketsOnServer(traveller, 0);
    await batching.flushPresence();
    await Promise.all([inFirst, inSecond, apart].map((socket) => request(socket, "read:states", {})));
    expect(statusesOf(firstGot, traveller)).toEqual(["online", "offline"]);
    expect(statusesOf(secondGot, traveller)).toEqual(["online", "offline"]);
    expect(apartGot).toEqual([]);
  });
});
