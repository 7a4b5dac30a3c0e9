import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeWorld } from "../testing/world";
import { unique } from "../testing/factories";
import { createChannel } from "./channels";
import { listMembers } from "./members";

/** Members straight into the database: `[displayName, username]`, the username made unique by a suffix. */
async function addMembers(communityId: string, people: [string, string][]) {
  const rows = people.map(([displayName, username]) => ({
    id: unique("U"),
    username: `${username}${unique("").slice(1, 7)}`.toLowerCase(),
    displayName,
  }));
  await db.user.createMany({ data: rows.map((row) => ({ ...row, passwordHash: "x" })) });
  await db.member.createMany({
    data: rows.map((row) => ({ communityId, userId: row.id, sortName: row.displayName.toLowerCase() })),
  });
  return rows;
}

describe("member search (mention suggestions)", () => {
  it("matches a display-name prefix or a username prefix, case-insensitively, each member once", async () => {
    const w = await makeWorld();
    const [dylan, bobby, zed, both] = await addMembers(w.communityId, [
      ["Bob Dylan", "dylan"],
      ["Zimmerman", "bobdj8go3"],
      ["Zed", "zed"],
      ["Bobcat", "bobcat"],
    ]);
    const search = async (query: string) =>
      (await listMembers(w.actors.member, { communityId: w.communityId, query })).members.map((m) => m.username);

    expect(await search("bobdj8")).toEqual([bobby.username]);
    expect(await search("Bob")).toEqual([dylan.username, both.username, bobby.username]); // by display name
    expect(await search("BOB D")).toEqual([dylan.username]);
    expect(await search(dylan.username.slice(0, 7))).toEqual([dylan.username]);
    expect(await search("zed")).toEqual([zed.username]);
    expect(await search("_")).toEqual([]); // LIKE wildcards are text
  });

  it("never lists someone outside the community or the private channel, and pages by cursor", async () => {
    const w = await makeWorld();
    const inside = await addMembers(
      w.communityId,
      Array.from({ length: 5 }, (_, i): [string, string] => [`Person ${i}`, `qz${i}`]),
    );
    // a user with a matching username who is not a member
    await db.user.create({
      data: { id: unique("U"), username: unique("qzout"), displayName: "Out", passwordHash: "x" },
    });
    const first = await listMembers(w.actors.member, { communityId: w.communityId, query: "qz", limit: 3 });
    expect(first.members.map((m) => m.displayName)).toEqual(["Person 0", "Person 1", "Person 2"]);
    const rest = await listMembers(w.actors.member, {
      communityId: w.communityId,
      query: "qz",
      cursor: first.nextCursor!,
    });
    expect(rest.members.map((m) => m.displayName)).toEqual(["Person 3", "Person 4"]);
    expect(rest.nextCursor).toBeNull();

    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "seats",
      kind: "PRIVATE",
      memberIds: [w.actors.member.userId, inside[1].id],
    });
    const seated = await listMembers(w.actors.member, {
      communityId: w.communityId,
      query: "qz",
      channelId: secret.id,
    });
    expect(seated.members.map((m) => m.displayName)).toEqual(["Person 1"]);
  });
});
