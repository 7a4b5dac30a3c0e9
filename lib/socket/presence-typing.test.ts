import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "../domain/channels";
import { makeWorld } from "../testing/world";
import { collect, nextEvent, request, startSocketServer } from "../testing/socket-client";

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

describe("presence", () => {
  it("is online while any tab is active, idle when all are idle, offline when the last closes; told to the user's communities only", async () => {
    const w = await makeWorld();
    const watcher = await server.connected(w.actors.owner.userId);
    const outsider = await server.connected(w.actors.outsider.userId);
    const outsiderGot = collect(outsider, "presence:changed");
    const changes = collect(watcher, "presence:changed");
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

    const online = nextEvent(watcher, "presence:changed");
    const tab1 = await server.connected(member);
    expect(await online).toEqual({ userId: member, status: "online" });
    const tab2 = await server.connected(member);
    tab1.emit("presence:idle", { idle: true });
    await request(tab1, "read:states", {});
    expect(await statusFor()).toEqual({ [member]: "online" }); // tab 2 is still active

    const idle = nextEvent(watcher, "presence:changed");
    tab2.emit("presence:idle", { idle: true });
    expect(await idle).toEqual({ userId: member, status: "idle" });
    const back = nextEvent(watcher, "presence:changed");
    tab1.emit("presence:idle", { idle: false });
    expect(await back).toEqual({ userId: member, status: "online" });

    tab1.disconnect();
    await request(tab2, "read:states", {});
    expect(await statusFor()).toEqual({ [member]: "idle" }); // the remaining tab is idle
    const offline = nextEvent(watcher, "presence:changed");
    tab2.disconnect();
    expect(await offline).toEqual({ userId: member, status: "offline" });
    expect(changes.filter(([c]) => c.userId === member).map(([c]) => c.status)).toEqual([
      "online",
      "idle",
      "online",
      "idle",
      "offline",
    ]);
    await request(outsider, "read:states", {}).catch(() => {});
    expect(outsiderGot.filter(([c]) => c.userId === member)).toHaveLength(0);

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
