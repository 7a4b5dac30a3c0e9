import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { makeCommunity, makeUser, nonce } from "../testing/factories";
import { deleteAccount, updateProfile } from "./account";
import { createCommunity } from "./communities";
import { acceptInvite, createInvite } from "./invites";
import { sendMessage } from "./messages";
import { getProfile } from "./profiles";
import { setMyStatus } from "./status";

async function join(owner: { userId: string }, communityId: string, user: { userId: string }) {
  await acceptInvite(user, (await createInvite(owner, { communityId })).code);
}

describe("profile cards", () => {
  it("shows a member's profile, their role and join date here, and the other communities shared", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const [ann] = members;
    const { community: other } = await createCommunity(owner, { name: "Second place" });
    await join(owner, other.id, ann);
    await updateProfile(ann, { displayName: "Ann Lee", pronouns: "she/her", aboutMe: "Sails **boats**." });
    await setMyStatus(ann, { custom: { text: "At sea", emoji: "🚗", clearAfter: "never" } });

    const card = await getProfile(owner, { userId: ann.userId, communityId: community.id });
    expect(card).toMatchObject({
      id: ann.userId,
      displayName: "Ann Lee",
      pronouns: "she/her",
      aboutMe: "Sails **boats**.",
      customStatus: { text: "At sea", emoji: "🚗" },
      deleted: false,
      member: { id: ann.userId, role: "MEMBER" },
    });
    expect(card.sharedCommunities.map((c) => c.id).sort()).toEqual([community.id, other.id].sort());
    // by username, as a mention opens it
    await expect(
      getProfile(owner, {
        username: (await db.user.findUniqueOrThrow({ where: { id: ann.userId } })).username.toUpperCase(),
        communityId: community.id,
      }),
    ).resolves.toMatchObject({
      id: ann.userId,
    });
    // one's own card, with no community in common needed
    await expect(getProfile(ann, { userId: ann.userId })).resolves.toMatchObject({ id: ann.userId, member: null });
  });

  it("is not found for someone who shares no community, or who does not exist: the same answer", async () => {
    const { owner } = await makeCommunity();
    const stranger = await makeUser("stranger");
    const notFound = { code: ErrorCode.USER_NOT_FOUND };
    await expect(getProfile(owner, { userId: stranger.userId })).rejects.toMatchObject(notFound);
    await expect(getProfile(owner, { username: stranger.username })).rejects.toMatchObject(notFound);
    await expect(getProfile(owner, { userId: "01HZX3M6Q7R8S9T0V1W2X3Y4Z5" })).rejects.toMatchObject(notFound);
    await expect(getProfile(owner, {})).rejects.toThrow("Name a user.");
  });

  it("from a community the viewer is not in: 6001005", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const elsewhere = await makeCommunity();
    await expect(
      getProfile(owner, { userId: members[0].userId, communityId: elsewhere.community.id }),
    ).rejects.toMatchObject({ code: ErrorCode.NOT_IN_COMMUNITY });
    await expect(getProfile(owner, { userId: members[0].userId, communityId: community.id })).resolves.toBeTruthy();
  });

  it("a deleted account shows as Deleted user and nothing more", async () => {
    const { owner, community, generalChannelId, members } = await makeCommunity(1);
    const [ann] = members;
    await updateProfile(ann, { displayName: "Ann", pronouns: "she/her", aboutMe: "bye" });
    await sendMessage(ann, { channelId: generalChannelId, content: "last words", nonce: nonce() });
    await deleteAccount(ann, { password: "correct-horse-9" });
    await expect(getProfile(owner, { userId: ann.userId, communityId: community.id })).resolves.toEqual({
      id: ann.userId,
      username: "",
      displayName: "Deleted user",
      avatarUrl: null,
      pronouns: "",
      aboutMe: "",
      customStatus: null,
      deleted: true,
      member: null,
      sharedCommunities: [],
    });
  });
});
