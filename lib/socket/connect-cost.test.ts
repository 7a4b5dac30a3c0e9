import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { whileChannelReadable, whileSubscriptionsHeld } from "../domain/access";
import { createChannel } from "../domain/channels";
import { createCommunity } from "../domain/communities";
import { acceptInvite, createInvite } from "../domain/invites";
import { isSessionLive, openSession } from "../domain/sessions";
import { stopUsage } from "../domain/usage";
import { ErrorCode } from "../errors";
import { rooms } from "../realtime/rooms";
import { makeUser, unique } from "../testing/factories";
import { sessionCookieFor } from "../testing/session-cookie";
import { request, startSocketServer } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

const texts = (spy: { mock: { calls: unknown[][] } }) =>
  (spy.mock.calls as [string | { text: string }][]).map(([first]) => (typeof first === "string" ? first : first.text));

/** The SQL statements one handshake sends, up to the commit of the transaction its rooms are joined in. */
async function statementsOfConnect(userId: string) {
  const cookie = await sessionCookieFor(userId);
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    const socket = await server.client(null, { cookie });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    await vi.waitFor(() => expect(texts(spy)).toContain("COMMIT"));
    return { socket, statements: texts(spy) };
  } finally {
    spy.mockRestore();
  }
}

const roomsOf = async (userId: string) => {
  const [socket] = await server.io.in(rooms.user(userId)).fetchSockets();
  return [...socket.rooms].filter((room) => room.startsWith("community:") || room.startsWith("channel:")).sort();
};

describe("a handshake", () => {
  it("costs the same statements for a user of 1 community as for one of 20, and joins every room", async () => {
    const few = await makeUser("few");
    const single = await createCommunity(few, { name: unique("Single") });

    // many owns 10 communities (each with a private channel) and is a plain member of 10 more,
    // seated in a private channel of 5 of them; another private channel of each stays closed to them
    const many = await makeUser("many");
    const other = await makeUser("other");
    const expected: string[] = [];
    let seatedChannel = "";
    for (let i = 0; i < 10; i++) {
      const { community } = await createCommunity(many, { name: unique("Owned") });
      const secret = await createChannel(many, {
        communityId: community.id,
        name: "secret",
        kind: "PRIVATE",
        memberIds: [],
      });
      expected.push(rooms.community(community.id), rooms.managers(community.id), rooms.readers(secret.id));
    }
    for (let i = 0; i < 10; i++) {
      const { community } = await createCommunity(other, { name: unique("Joined") });
      await acceptInvite(many, (await createInvite(other, { communityId: community.id })).code);
      const closed = { communityId: community.id, kind: "PRIVATE" as const, memberIds: [] };
      await createChannel(other, { ...closed, name: "closed" });
      if (i < 5) {
        const seated = await createChannel(other, { ...closed, name: "seated", memberIds: [many.userId] });
        expected.push(rooms.readers(seated.id));
        seatedChannel = seated.id;
      }
      expected.push(rooms.community(community.id));
    }

    await stopUsage(); // the setup's counted deliveries are written now, not while statements are counted
    const { statements: ofOne } = await statementsOfConnect(few.userId);
    const { socket, statements: ofTwenty } = await statementsOfConnect(many.userId);
    // the session, then one transaction: BEGIN, the subscriptions (share-locked), COMMIT
    expect(ofOne).toHaveLength(4);
    expect(ofTwenty).toEqual(ofOne);
    expect(ofOne[1]).toBe("BEGIN");

    expect(await roomsOf(few.userId)).toEqual(
      [rooms.community(single.community.id), rooms.managers(single.community.id)].sort(),
    );
    expect(await roomsOf(many.userId)).toEqual(expected.sort());

    // what a tab does next, subscribing to the channel it shows: one transaction of three statements
    const spy = vi.spyOn(pg.Client.prototype, "query");
    try {
      expect(await request(socket, "channel:subscribe", { channelId: seatedChannel })).toMatchObject({ ok: true });
      expect(texts(spy)).toHaveLength(3);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("handshakes and subscriptions arriving together", () => {
  it("share one statement for their sessions, and one transaction for their rooms and for their channels", async () => {
    const owner = await makeUser("host");
    const { community, generalChannelId: general } = await createCommunity(owner, { name: unique("Crowd") });
    const secret = await createChannel(owner, {
      communityId: community.id,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [],
    });
    const { code } = await createInvite(owner, { communityId: community.id, maxUses: null });
    const crowd = [];
    for (let i = 0; i < 12; i++) {
      const user = await makeUser(`crowd${i}`);
      await acceptInvite(user, code);
      crowd.push(user);
    }
    const sessions = await Promise.all(crowd.map((user) => openSession(user.userId)));
    const outsider = await makeUser("outsider");
    await stopUsage();

    const spy = vi.spyOn(pg.Client.prototype, "query");
    try {
      // the sessions of one turn of the event loop: one statement; a stranger's session id counts for no one else
      const live = await Promise.all([
        ...crowd.map((user, i) => isSessionLive(sessions[i], user.userId)),
        isSessionLive(sessions[0], outsider.userId),
      ]);
      expect(live).toEqual([...crowd.map(() => true), false]);
      expect(texts(spy)).toHaveLength(1);
      spy.mockClear();

      // their subscriptions: BEGIN, one read for all, COMMIT; each sees its own
      const seen = await Promise.all(
        [...crowd, owner].map((user) =>
          whileSubscriptionsHeld(user, ({ communities, privateChannelIds }) => ({ communities, privateChannelIds })),
        ),
      );
      expect(texts(spy)).toEqual(["BEGIN", expect.stringContaining(`"userId" = ANY($1::text[])`), "COMMIT"]);
      for (const subscriptions of seen.slice(0, -1))
        expect(subscriptions).toEqual({ communities: [{ id: community.id, role: "MEMBER" }], privateChannelIds: [] });
      expect(seen.at(-1)!.privateChannelIds).toEqual([secret.id]);
      spy.mockClear();

      // their channels: one transaction; a refusal is that subscriber's alone, and their `use` never runs
      const joined: string[] = [];
      const answers = await Promise.allSettled([
        ...crowd.map((user) => whileChannelReadable(user, general, () => joined.push(user.userId))),
        whileChannelReadable(crowd[0], secret.id, () => joined.push("secret")),
        whileChannelReadable(outsider, general, () => joined.push("outsider")),
      ]);
      expect(texts(spy)).toEqual(["BEGIN", expect.stringContaining("unnest($1::text[], $2::text[])"), "COMMIT"]);
      expect(joined.sort()).toEqual(crowd.map((user) => user.userId).sort());
      expect(answers.slice(0, -2).every((answer) => answer.status === "fulfilled")).toBe(true);
      expect(answers.slice(-2)).toEqual([
        { status: "rejected", reason: expect.objectContaining({ code: ErrorCode.CHANNEL_NOT_FOUND }) },
        { status: "rejected", reason: expect.objectContaining({ code: ErrorCode.NOT_IN_COMMUNITY }) },
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
