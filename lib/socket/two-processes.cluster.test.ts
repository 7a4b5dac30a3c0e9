// Runs on PostgreSQL only (vitest.config.ts): the embedded database serves a single process.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appClients, startAppProcesses, type AppProcess } from "../testing/app-processes";
import { nonce } from "../testing/factories";
import { makeWorld, type World } from "../testing/world";
import { collect, nextEvent, request, type TestSocket } from "../testing/socket-client";

const clients = appClients();
const client = (app: AppProcess, userId: string) => clients.connected(app, userId);
let one: AppProcess;
let two: AppProcess;
let w: World;
beforeAll(async () => {
  [one, two] = await startAppProcesses(
    2,
    // a send limit small enough to reach: it must hold across both processes,
    // and a socket cap small enough to reach through both
    { SEND_RATE_LIMIT: "3/60", SOCKETS_PER_USER: "3" },
  );
  w = await makeWorld();
}, 60_000);
afterAll(() => clients.stop([one, two]));

describe("two app processes over Redis", () => {
  it("a message sent through one reaches a client of the other; unread activity crosses too", async () => {
    const sender = await client(one, w.actors.owner.userId);
    const reader = await client(two, w.actors.member.userId);
    const elsewhere = await client(two, w.actors.member2.userId);
    await request(sender, "channel:subscribe", { channelId: w.generalChannelId });
    await request(reader, "channel:subscribe", { channelId: w.generalChannelId });
    const received = nextEvent(reader, "message:new");
    const activity = nextEvent(elsewhere, "channel:activities");
    const sent = await request(sender, "message:send", {
      channelId: w.generalChannelId,
      content: "across processes",
      nonce: nonce(),
    });
    expect(sent.ok).toBe(true);
    expect(await received).toMatchObject({ content: "across processes", author: { id: w.actors.owner.userId } });
    // gathered for a moment in the sender's process, then across to the other
    expect((await activity).channels).toMatchObject([
      { channelId: w.generalChannelId, messages: [[sent.ok ? sent.data.id : "", w.actors.owner.userId, 0]] },
    ]);
  });

  it("typing and presence cross over", async () => {
    const typer = await client(one, w.actors.admin.userId);
    const viewer = await client(two, w.actors.admin2.userId);
    await request(typer, "channel:subscribe", { channelId: w.generalChannelId });
    await request(viewer, "channel:subscribe", { channelId: w.generalChannelId });
    const typing = nextEvent(viewer, "typing");
    typer.emit("typing:start", { channelId: w.generalChannelId });
    expect(await typing).toMatchObject({ channelId: w.generalChannelId, userId: w.actors.admin.userId });

    // the muted member comes online on process one: a watcher on process two hears it and can ask
    const changes = collect(viewer, "presence:changes");
    const told = () =>
      changes.flatMap(([batch]) =>
        (["online", "idle", "offline"] as const).filter((s) => batch[s].includes(w.actors.muted.userId)),
      );
    const newcomer = await client(one, w.actors.muted.userId);
    await vi.waitFor(() => expect(told()).toEqual(["online"]));
    const asked = await request(viewer, "presence:query", {
      communityId: w.communityId,
      userIds: [w.actors.muted.userId, w.actors.admin.userId],
    });
    expect(asked).toEqual({ ok: true, data: { [w.actors.muted.userId]: "online", [w.actors.admin.userId]: "online" } });

    newcomer.emit("presence:idle", { idle: true });
    await vi.waitFor(() => expect(told()).toEqual(["online", "idle"]));
    // a second tab on process two: the user is online again; closing the first tab changes nothing
    const secondTab = await client(two, w.actors.muted.userId);
    await vi.waitFor(() => expect(told()).toEqual(["online", "idle", "online"]));
    newcomer.disconnect();
    await vi.waitFor(async () =>
      expect(
        await request(viewer, "presence:query", { communityId: w.communityId, userIds: [w.actors.muted.userId] }),
      ).toEqual({ ok: true, data: { [w.actors.muted.userId]: "online" } }),
    );
    secondTab.disconnect();
    await vi.waitFor(() => expect(told()).toEqual(["online", "idle", "online", "offline"]));
    expect(
      await request(viewer, "presence:query", { communityId: w.communityId, userIds: [w.actors.muted.userId] }),
    ).toEqual({
      ok: true,
      data: { [w.actors.muted.userId]: "offline" },
    });
  });

  it("a chosen status holds across processes: do not disturb, then invisible", async () => {
    const x = await makeWorld();
    const member = x.actors.member.userId;
    const viewer = await client(two, x.actors.owner.userId);
    const changes = collect(viewer, "presence:changes");
    const told = () =>
      changes.flatMap(([batch]) =>
        (["online", "idle", "dnd", "offline"] as const).filter((s) => batch[s].includes(member)),
      );
    const seen = async () =>
      (
        (await request(viewer, "presence:query", { communityId: x.communityId, userIds: [member] })) as {
          data: Record<string, string>;
        }
      ).data[member];

    const first = await client(one, member);
    await vi.waitFor(() => expect(told()).toEqual(["online"]));
    await request(first, "status:set", { mode: "DND" });
    await vi.waitFor(() => expect(told()).toEqual(["online", "dnd"]));
    // a tab on the other process starts in the chosen status (its handshake reads it)
    const second = await client(two, member);
    expect(await seen()).toBe("dnd");
    await request(second, "status:set", { mode: "INVISIBLE" });
    await vi.waitFor(() => expect(told()).toEqual(["online", "dnd", "offline"]));
    expect(await seen()).toBe("offline");
    first.disconnect();
    second.disconnect();
  });

  it("the send rate limit counts a user's sends through both processes together", async () => {
    const viaOne = await client(one, w.actors.member2.userId);
    const viaTwo = await client(two, w.actors.member2.userId);
    const send = (socket: TestSocket) =>
      request(socket, "message:send", { channelId: w.generalChannelId, content: "counted once", nonce: nonce() });
    expect((await send(viaOne)).ok).toBe(true);
    expect((await send(viaTwo)).ok).toBe(true);
    expect((await send(viaOne)).ok).toBe(true);
    expect(await send(viaTwo)).toMatchObject({ ok: false, code: 6002029 });
    expect(await send(viaOne)).toMatchObject({ ok: false, code: 6002029 });
  });

  it("a user's sockets are capped across both processes, and a place frees when one closes", async () => {
    const user = w.actors.outsider.userId;
    const open = [await client(one, user), await client(two, user), await client(one, user)];
    const refused = await client(two, user).then(
      () => null,
      (error: Error & { data?: { code?: number } }) => error.data?.code,
    );
    expect(refused).toBe(6002053);
    open[0].disconnect();
    await vi.waitFor(async () => expect((await client(two, user)).connected).toBe(true), {
      timeout: 5_000,
      interval: 100,
    });
  });
});
