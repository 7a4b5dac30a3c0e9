import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createChannel } from "../domain/channels";
import { createCommunity } from "../domain/communities";
import { acceptInvite, createInvite } from "../domain/invites";
import { stopUsage } from "../domain/usage";
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
