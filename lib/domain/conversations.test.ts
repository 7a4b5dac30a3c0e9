import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { isListed } from "../conversation-title";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { pinClock } from "../testing/clock";
import { makeCommunity, makeUser, nonce, unique } from "../testing/factories";
import { channelReadState } from "../testing/reads";
import { deleteAccount, updatePrivacy } from "./account";
import type { Actor } from "./actor";
import { getCommunityForAdmin, listAllCommunities, setCommunityDisabled } from "./admin-communities";
import { setUserDisabled } from "./admin-users";
import { sendAttachment } from "./attachments";
import { setConversationIcon } from "./avatars";
import { setBlocked } from "./blocks";
import { createChannel } from "./channels";
import { createCommunity, listMyCommunities, updateCommunity } from "./communities";
import {
  addToConversation,
  getConversation,
  leaveConversation,
  listMyConversations,
  openDirectConversation,
  removeFromConversation,
  renameConversation,
  startConversation,
} from "./conversations";
import { acceptInvite, createInvite } from "./invites";
import { discoverCommunities, inviteUsers, joinOpenCommunity } from "./joining";
import { banMember, kickMembers, leaveCommunity } from "./members";
import { deleteMessage, editMessage, listMessages, sendMessage } from "./messages";
import { reactToMessage } from "./reactions";
import { listPins, pinMessage } from "./pins";
import { getProfile } from "./profiles";
import { markChannelRead } from "./read-state";
import { searchMessages } from "./search";
import { listSwitchTargets, searchPeople } from "./switcher";
import { createThread } from "./threads";

/** A user straight into the database (no password hashing): fast enough for crowds of ten. */
async function quickUser(name: string): Promise<Actor> {
  const id = newId();
  await db.user.create({
    data: { id, username: unique(name).toLowerCase(), displayName: name, passwordHash: "not-a-hash" },
  });
  return { userId: id };
}

/** A community (owner with a password) and `count` more people who joined it by invite link. */
async function circle(count: number, name = "person") {
  const { owner, community, generalChannelId } = await makeCommunity();
  const { code } = await createInvite(owner, { communityId: community.id });
  const people: Actor[] = [];
  for (let i = 0; i < count; i++) {
    const person = await quickUser(`${name}${i}`);
    await acceptInvite(person, code);
    people.push(person);
  }
  return { owner, community, generalChannelId, people };
}

/** Someone with a community of their own, who shares nothing with anyone else. */
const stranger = () => quickUser("stranger");

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok" as const,
    (error) => toFailure(error).code,
  );

const say = (actor: Actor, channelId: string, content = "hello") =>
  sendMessage(actor, { channelId, content, nonce: nonce() });

const idsOf = (list: { id: string }[]) => list.map((item) => item.id);

const png = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: "#08f" } })
    .png()
    .toBuffer();

afterEach(() => {
  delete process.env.APP_ADMINS;
});

/** An app administrator: a fresh user named in APP_ADMINS. */
async function appAdmin() {
  const admin = await makeUser("appadmin");
  process.env.APP_ADMINS = admin.username;
  return admin;
}

describe("direct conversations", () => {
  it("are made once per pair, whichever of the two opens it and however", async () => {
    const { owner, people } = await circle(1);
    const [ann] = people;
    const first = await openDirectConversation(owner, { userId: ann.userId });
    expect(first).toMatchObject({ kind: "DIRECT", name: "", ownerId: owner.userId, iconUrl: null });
    expect(first.participants.map((p) => p.id).sort()).toEqual([owner.userId, ann.userId].sort());

    const back = await openDirectConversation(ann, { userId: owner.userId });
    const again = await startConversation(owner, { userIds: [ann.userId, ann.userId] });
    expect(back.id).toBe(first.id);
    expect(back.channelId).toBe(first.channelId);
    expect(again.id).toBe(first.id);
    const directKey = [owner.userId, ann.userId].sort().join(":");
    expect(await db.community.count({ where: { directKey } })).toBe(1);
    expect(await db.channel.count({ where: { communityId: first.id } })).toBe(1);
  });

  it("opened by both at the same moment: one conversation, the same for both", async () => {
    const { owner, people } = await circle(1);
    const [ann] = people;
    const [mine, theirs] = await Promise.all([
      openDirectConversation(owner, { userId: ann.userId }),
      openDirectConversation(ann, { userId: owner.userId }),
    ]);
    expect(theirs.id).toBe(mine.id);
    const directKey = [owner.userId, ann.userId].sort().join(":");
    expect(await db.community.count({ where: { directKey } })).toBe(1);
  });

  it("only with someone who shares a community: a stranger and an unknown id get the same 6002005", async () => {
    const { owner } = await circle(0);
    const alone = await stranger();
    await expect(openDirectConversation(owner, { userId: alone.userId })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    await expect(openDirectConversation(owner, { userId: "01HZX3M6Q7R8S9T0V1W2X3Y4Z5" })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    // the same from the other side, and inside a group
    await expect(openDirectConversation(alone, { userId: owner.userId })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    const { owner: other } = await circle(0);
    expect(await codeOf(startConversation(owner, { userIds: [alone.userId, other.userId] }))).toBe(
      ErrorCode.USER_NOT_FOUND,
    );
    // nothing was made for any of these
    expect(await listMyConversations(owner)).toEqual([]);
    expect(await listMyConversations(alone)).toEqual([]);
  });

  it("sharing a conversation is not sharing a community: it opens no direct conversation", async () => {
    // the host is in one community with Ann and another with Bob; Ann and Bob share only the group
    const first = await circle(1, "ann");
    const host = first.owner;
    const [ann] = first.people;
    const { community: second } = await createCommunity(host, { name: unique("Second") });
    const bob = await quickUser("bob");
    await acceptInvite(bob, (await createInvite(host, { communityId: second.id })).code);
    await startConversation(host, { userIds: [ann.userId, bob.userId] });
    await expect(openDirectConversation(ann, { userId: bob.userId })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
  });

  it("not with oneself (6001001)", async () => {
    const { owner, people } = await circle(1);
    await expect(openDirectConversation(owner, { userId: owner.userId })).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
    });
    expect(await codeOf(startConversation(owner, { userIds: [owner.userId] }))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(startConversation(owner, { userIds: [owner.userId, people[0].userId] }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
    expect(await listMyConversations(owner)).toEqual([]);
  });

  it("not with someone who accepts no direct messages (6002070), neither direct nor in a group, until they do", async () => {
    const { owner, people } = await circle(2);
    const [ann, bob] = people;
    await updatePrivacy(ann, { dmPolicy: "NOBODY" });
    await expect(openDirectConversation(owner, { userId: ann.userId })).rejects.toMatchObject({
      code: ErrorCode.DIRECT_MESSAGES_CLOSED,
    });
    expect(await codeOf(startConversation(owner, { userIds: [ann.userId, bob.userId] }))).toBe(
      ErrorCode.DIRECT_MESSAGES_CLOSED,
    );
    const group = await startConversation(owner, { userIds: [bob.userId, (await quickJoin(owner)).userId] });
    expect(await codeOf(addToConversation(owner, { conversationId: group.id, userIds: [ann.userId] }))).toBe(
      ErrorCode.DIRECT_MESSAGES_CLOSED,
    );
    expect((await getConversation(owner, group.id)).participants.map((p) => p.id)).not.toContain(ann.userId);

    await updatePrivacy(ann, { dmPolicy: "COMMUNITY_MEMBERS" });
    await expect(openDirectConversation(owner, { userId: ann.userId })).resolves.toMatchObject({ kind: "DIRECT" });
  });

  it("someone who blocked you, or whom you blocked: 6002071 to open, and to send in the conversation you already have; unblocking opens it again", async () => {
    const { owner, people } = await circle(3);
    const [ann, bob, cat] = people;
    // refused at creation, in both directions
    await setBlocked(ann, { userId: owner.userId, blocked: true });
    await expect(openDirectConversation(owner, { userId: ann.userId })).rejects.toMatchObject({
      code: ErrorCode.DIRECT_MESSAGE_BLOCKED,
      message: expect.not.stringContaining("block"),
    });
    await expect(openDirectConversation(ann, { userId: owner.userId })).rejects.toMatchObject({
      code: ErrorCode.DIRECT_MESSAGE_BLOCKED,
      message: expect.stringContaining("You blocked"),
    });
    expect(await codeOf(startConversation(owner, { userIds: [ann.userId, bob.userId] }))).toBe(
      ErrorCode.DIRECT_MESSAGE_BLOCKED,
    );
    await setBlocked(ann, { userId: owner.userId, blocked: false });
    await expect(openDirectConversation(owner, { userId: ann.userId })).resolves.toMatchObject({ kind: "DIRECT" });

    // an existing conversation takes no message while one blocks the other
    const direct = await openDirectConversation(bob, { userId: cat.userId });
    await say(bob, direct.channelId, "before");
    await setBlocked(cat, { userId: bob.userId, blocked: true });
    await expect(say(bob, direct.channelId, "blocked")).rejects.toMatchObject({
      code: ErrorCode.DIRECT_MESSAGE_BLOCKED,
    });
    await expect(say(cat, direct.channelId, "the blocker")).rejects.toMatchObject({
      code: ErrorCode.DIRECT_MESSAGE_BLOCKED,
    });
    await expect(
      sendAttachment(bob, { channelId: direct.channelId, nonce: nonce() }, { name: "a.txt", bytes: Buffer.from("x") }),
    ).rejects.toMatchObject({ code: ErrorCode.DIRECT_MESSAGE_BLOCKED });
    // reopening it is no way around the block
    await expect(openDirectConversation(bob, { userId: cat.userId })).resolves.toMatchObject({ id: direct.id });
    await expect(say(bob, direct.channelId, "still blocked")).rejects.toMatchObject({
      code: ErrorCode.DIRECT_MESSAGE_BLOCKED,
    });
    // history stays readable for both
    expect((await listMessages(cat, { channelId: direct.channelId })).messages.map((m) => m.content)).toEqual([
      "before",
    ]);
    // nor an edit, a reaction or a pin; deleting one's own message stays possible
    const before = (await listMessages(bob, { channelId: direct.channelId })).messages[0];
    // one at a time: started together, a refusal that came while the previous one was awaited went unhandled
    for (const attempt of [
      () => editMessage(bob, { messageId: before.id, content: "edited while blocked" }),
      () => reactToMessage(cat, { messageId: before.id, emoji: "👍", add: true }),
      () => pinMessage(bob, { messageId: before.id, pin: true }),
    ])
      expect(await codeOf(attempt())).toBe(ErrorCode.DIRECT_MESSAGE_BLOCKED);
    await expect(deleteMessage(bob, before.id)).resolves.toMatchObject({ messageId: before.id });

    await setBlocked(cat, { userId: bob.userId, blocked: false });
    await expect(say(bob, direct.channelId, "after")).resolves.toMatchObject({ content: "after" });
    await expect(say(cat, direct.channelId, "welcome back")).resolves.toMatchObject({ content: "welcome back" });
  });

  it("a block in one direct conversation does not stop a group with the same two people", async () => {
    const { owner, people } = await circle(2);
    const [ann, bob] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    await setBlocked(ann, { userId: bob.userId, blocked: true });
    await expect(say(bob, group.channelId, "group talk")).resolves.toMatchObject({ content: "group talk" });
  });

  it("a deleted or disabled account is not reachable (6002005)", async () => {
    const { owner, community } = await circle(0);
    const gone = await makeUser("gone");
    await acceptInvite(gone, (await createInvite(owner, { communityId: community.id })).code);
    const off = await makeUser("off");
    await acceptInvite(off, (await createInvite(owner, { communityId: community.id })).code);
    await deleteAccount(gone, { password: "correct-horse-9" });
    await setUserDisabled(await appAdmin(), { userId: off.userId, disabled: true });

    for (const target of [gone, off]) {
      await expect(openDirectConversation(owner, { userId: target.userId })).rejects.toMatchObject({
        code: ErrorCode.USER_NOT_FOUND,
      });
    }
    const bob = await quickJoin(owner, community.id);
    expect(await codeOf(startConversation(owner, { userIds: [bob.userId, off.userId] }))).toBe(
      ErrorCode.USER_NOT_FOUND,
    );
  });

  it("takes no more messages once the other's account is deleted or disabled (6002005); its history stays readable", async () => {
    const { owner, community } = await circle(0);
    const gone = await makeUser("gone");
    await acceptInvite(gone, (await createInvite(owner, { communityId: community.id })).code);
    const off = await makeUser("off");
    await acceptInvite(off, (await createInvite(owner, { communityId: community.id })).code);
    const withGone = await openDirectConversation(owner, { userId: gone.userId });
    const withOff = await openDirectConversation(owner, { userId: off.userId });
    await say(owner, withGone.channelId, "before");
    await say(owner, withOff.channelId, "before");
    await deleteAccount(gone, { password: "correct-horse-9" });
    await setUserDisabled(await appAdmin(), { userId: off.userId, disabled: true });

    for (const conversation of [withGone, withOff]) {
      expect(await codeOf(say(owner, conversation.channelId, "after"))).toBe(ErrorCode.USER_NOT_FOUND);
      const page = await listMessages(owner, { channelId: conversation.channelId });
      expect(page.messages.map((m) => m.content)).toEqual(["before"]);
    }
    // enabled again: it takes messages again
    await setUserDisabled(await appAdmin(), { userId: off.userId, disabled: false });
    expect(await codeOf(say(owner, withOff.channelId, "again"))).toBe("ok");
  });

  it("shows in the other person's list once it has a message; the opener's list has it at once", async () => {
    const { owner, people } = await circle(1);
    const [ann] = people;
    const direct = await openDirectConversation(owner, { userId: ann.userId });
    expect(idsOf(await listMyConversations(owner))).toEqual([direct.id]);
    // her tab has it (a first message must find it) but does not list it yet
    const [hers] = await listMyConversations(ann);
    expect(hers.id).toBe(direct.id);
    expect(isListed(hers, ann.userId)).toBe(false);
    expect(isListed((await listMyConversations(owner))[0], owner.userId)).toBe(true);
    // and it is hers to open
    await expect(getConversation(ann, direct.id)).resolves.toMatchObject({ id: direct.id });

    const message = await say(owner, direct.channelId, "hi Ann");
    const [listed] = await listMyConversations(ann);
    expect(listed).toMatchObject({ id: direct.id, activityId: message.id });
    expect(isListed(listed, ann.userId)).toBe(true);
  });

  it("the list is sorted by last activity, newest first", async () => {
    pinClock("2030-03-01T09:00:00.000Z");
    const { owner, people } = await circle(4);
    const [ann, bob, cat, dan] = people;
    const withAnn = await openDirectConversation(owner, { userId: ann.userId });
    const withBob = await openDirectConversation(owner, { userId: bob.userId });
    const group = await startConversation(owner, { userIds: [cat.userId, dan.userId], name: "Crew" });
    // no message yet: by when each was made
    expect(idsOf(await listMyConversations(owner))).toEqual([group.id, withBob.id, withAnn.id]);

    await say(bob, withBob.channelId);
    await say(cat, group.channelId);
    await say(ann, withAnn.channelId);
    expect(idsOf(await listMyConversations(owner))).toEqual([withAnn.id, group.id, withBob.id]);
    await say(owner, withBob.channelId);
    expect(idsOf(await listMyConversations(owner))).toEqual([withBob.id, withAnn.id, group.id]);
    // a conversation never lists another one's community, and the others see their own only
    expect(idsOf(await listMyConversations(cat))).toEqual([group.id]);
  });
});

/** Someone who joins the owner's community (the first one they own, or `communityId`). */
async function quickJoin(owner: Actor, communityId?: string) {
  const id =
    communityId ?? (await db.community.findFirstOrThrow({ where: { ownerId: owner.userId, kind: "COMMUNITY" } })).id;
  const person = await quickUser("joiner");
  await acceptInvite(person, (await createInvite(owner, { communityId: id })).code);
  return person;
}

describe("group conversations", () => {
  it("start with two or more people; the creator is its owner and everyone sees it at once", async () => {
    const { owner, people } = await circle(2);
    const [ann, bob] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId], name: "  Trip  " });
    expect(group).toMatchObject({ kind: "GROUP", name: "Trip", ownerId: owner.userId, iconUrl: null });
    expect(group.participants.map((p) => p.id).sort()).toEqual([owner.userId, ann.userId, bob.userId].sort());
    for (const actor of [owner, ann, bob]) {
      expect(idsOf(await listMyConversations(actor))).toEqual([group.id]);
      await expect(getConversation(actor, group.id)).resolves.toEqual(group);
    }
    const { members } = await db.community.findUniqueOrThrow({
      where: { id: group.id },
      select: { memberCount: true, members: { select: { role: true } } },
    });
    // nobody in a conversation is owner or admin
    expect(members.map((m) => m.role)).toEqual(["MEMBER", "MEMBER", "MEMBER"]);
  });

  it("at most 10 people: more than 9 others are refused by the schema; adding past 10 is 6002072", async () => {
    const { owner, people } = await circle(12);
    const others = people.map((p) => p.userId);
    const tooMany = await codeOf(startConversation(owner, { userIds: others.slice(0, 10) }));
    expect(tooMany).toBe(ErrorCode.INVALID_INPUT);
    expect(await listMyConversations(owner)).toEqual([]);

    const group = await startConversation(owner, { userIds: others.slice(0, limits.conversationParticipants - 1) });
    expect(group.participants).toHaveLength(10);
    await expect(addToConversation(owner, { conversationId: group.id, userIds: [others[10]] })).rejects.toMatchObject({
      code: ErrorCode.CONVERSATION_FULL,
    });
    // someone already in it is skipped: no change, no refusal
    await expect(addToConversation(owner, { conversationId: group.id, userIds: [others[0]] })).resolves.toMatchObject({
      id: group.id,
    });

    // one seat free: one more fits, two do not
    await removeFromConversation(owner, { conversationId: group.id, userId: others[0] });
    await expect(
      addToConversation(owner, { conversationId: group.id, userIds: [others[10], others[11]] }),
    ).rejects.toMatchObject({ code: ErrorCode.CONVERSATION_FULL });
    const full = await addToConversation(owner, { conversationId: group.id, userIds: [others[10]] });
    expect(full.participants).toHaveLength(10);
    expect((await db.community.findUniqueOrThrow({ where: { id: group.id } })).memberCount).toBe(10);
  });

  it("only the creator adds and removes people (others 6001007); the creator cannot remove themselves (6001033)", async () => {
    const { owner, people } = await circle(4);
    const [ann, bob, cat, dan] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    const conversationId = group.id;
    await expect(addToConversation(ann, { conversationId, userIds: [cat.userId] })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(removeFromConversation(ann, { conversationId, userId: bob.userId })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(removeFromConversation(owner, { conversationId, userId: owner.userId })).rejects.toMatchObject({
      code: ErrorCode.CANNOT_KICK_SELF,
    });
    await expect(removeFromConversation(owner, { conversationId, userId: dan.userId })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    // outsiders hear nothing of the group
    await expect(addToConversation(cat, { conversationId, userIds: [dan.userId] })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    expect((await getConversation(owner, conversationId)).participants).toHaveLength(3);

    const added = await addToConversation(owner, { conversationId, userIds: [cat.userId] });
    expect(added.participants.map((p) => p.id)).toContain(cat.userId);
    const removed = await removeFromConversation(owner, { conversationId, userId: ann.userId });
    expect(removed.participants.map((p) => p.id)).not.toContain(ann.userId);
    // the channel tells what happened
    const events = (await listMessages(bob, { channelId: group.channelId })).messages
      .filter((m) => m.type === "SYSTEM")
      .map((m) => m.system?.kind);
    expect(events).toEqual(["participantAdded", "participantRemoved"]);
  });

  it("anyone in it renames it; outsiders cannot (6001005)", async () => {
    const { owner, people } = await circle(3);
    const [ann, bob, cat] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    await expect(renameConversation(ann, { conversationId: group.id, name: "Ann's" })).resolves.toMatchObject({
      name: "Ann's",
    });
    await expect(renameConversation(cat, { conversationId: group.id, name: "Mine" })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    expect(
      await codeOf(
        renameConversation(bob, { conversationId: group.id, name: "x".repeat(limits.conversationNameLength + 1) }),
      ),
    ).toBe(ErrorCode.INVALID_INPUT);
    // empty: named after its people again
    await expect(renameConversation(bob, { conversationId: group.id, name: "" })).resolves.toMatchObject({ name: "" });
    expect((await getConversation(owner, group.id)).name).toBe("");
  });

  it("a direct conversation refuses add, remove, leave, rename and an icon (6002073); so does a community", async () => {
    const { owner, community, people } = await circle(2);
    const [ann, bob] = people;
    const direct = await openDirectConversation(owner, { userId: ann.userId });
    const notAGroup = { code: ErrorCode.NOT_A_GROUP };
    for (const conversationId of [direct.id, community.id]) {
      await expect(addToConversation(owner, { conversationId, userIds: [bob.userId] })).rejects.toMatchObject(
        notAGroup,
      );
      await expect(removeFromConversation(owner, { conversationId, userId: ann.userId })).rejects.toMatchObject(
        notAGroup,
      );
      await expect(leaveConversation(ann, { conversationId })).rejects.toMatchObject(notAGroup);
      await expect(renameConversation(ann, { conversationId, name: "Renamed" })).rejects.toMatchObject(notAGroup);
      await expect(setConversationIcon(ann, conversationId, await png())).rejects.toMatchObject(notAGroup);
    }
    // a community is no conversation to open
    await expect(getConversation(owner, community.id)).rejects.toMatchObject({ code: ErrorCode.COMMUNITY_NOT_FOUND });
    // leaving a direct conversation through the community path is refused the same way
    await expect(leaveCommunity(ann, direct.id)).rejects.toMatchObject(notAGroup);
    expect((await getConversation(ann, direct.id)).participants).toHaveLength(2);
    expect((await db.community.findUniqueOrThrow({ where: { id: community.id } })).name).toBe(community.name);
  });

  it("leaving passes the creator's role to whoever has been in it longest; the last one out deletes it", async () => {
    const clock = pinClock("2030-03-01T09:00:00.000Z");
    const { owner, people } = await circle(3);
    const [ann, bob, cat] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    clock.advance(60_000);
    await addToConversation(owner, { conversationId: group.id, userIds: [cat.userId] });
    await say(cat, group.channelId, "kept until the end");
    // Ann and Bob came together (by id between them), Cat later
    const [first, second] = [ann, bob].sort((a, b) => (a.userId < b.userId ? -1 : 1));

    clock.advance(60_000);
    await expect(leaveConversation(owner, { conversationId: group.id })).resolves.toEqual({
      conversationId: group.id,
    });
    expect((await getConversation(cat, group.id)).ownerId).toBe(first.userId);
    await expect(getConversation(owner, group.id)).rejects.toMatchObject({ code: ErrorCode.NOT_IN_COMMUNITY });
    // the new creator adds and removes; the old one is an outsider now
    await expect(
      removeFromConversation(first, { conversationId: group.id, userId: cat.userId }),
    ).resolves.toMatchObject({ ownerId: first.userId });
    await expect(addToConversation(owner, { conversationId: group.id, userIds: [cat.userId] })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await addToConversation(first, { conversationId: group.id, userIds: [cat.userId] });

    // leaving through the community path works the same
    await expect(leaveCommunity(first, group.id)).resolves.toEqual({ communityId: group.id });
    expect((await getConversation(cat, group.id)).ownerId).toBe(second.userId);
    await leaveConversation(second, { conversationId: group.id });
    expect((await getConversation(cat, group.id)).ownerId).toBe(cat.userId);
    await leaveConversation(cat, { conversationId: group.id });

    expect(await db.community.findUnique({ where: { id: group.id } })).toBeNull();
    expect(await db.message.count({ where: { channelId: group.channelId } })).toBe(0);
    await expect(getConversation(cat, group.id)).rejects.toMatchObject({ code: ErrorCode.COMMUNITY_NOT_FOUND });
    for (const actor of [owner, ann, bob, cat]) expect(await listMyConversations(actor)).toEqual([]);
  });

  it("someone removed or gone can no longer read its history or send (6001005)", async () => {
    const { owner, people } = await circle(3);
    const [ann, bob, cat] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId, cat.userId] });
    const message = await say(owner, group.channelId, "secret plans");
    await removeFromConversation(owner, { conversationId: group.id, userId: ann.userId });
    await leaveConversation(bob, { conversationId: group.id });
    for (const gone of [ann, bob]) {
      await expect(listMessages(gone, { channelId: group.channelId })).rejects.toMatchObject({
        code: ErrorCode.NOT_IN_COMMUNITY,
      });
      await expect(listMessages(gone, { channelId: group.channelId, around: message.id })).rejects.toMatchObject({
        code: ErrorCode.NOT_IN_COMMUNITY,
      });
      await expect(say(gone, group.channelId, "still here?")).rejects.toMatchObject({
        code: ErrorCode.NOT_IN_COMMUNITY,
      });
      await expect(getConversation(gone, group.id)).rejects.toMatchObject({ code: ErrorCode.NOT_IN_COMMUNITY });
      expect(await listMyConversations(gone)).toEqual([]);
    }
    expect((await listMessages(cat, { channelId: group.channelId })).messages.map((m) => m.id)).toContain(message.id);
  });

  it("being in conversations does not count among one's communities, joining or leaving", async () => {
    const { owner, people } = await circle(2);
    const [ann, bob] = people;
    const countOf = async (actor: Actor) =>
      (await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { communityCount: true } }))
        .communityCount;
    // the user's count is of their communities, which the rail lists
    expect(await countOf(ann)).toBe((await listMyCommunities(ann)).length);
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    await openDirectConversation(owner, { userId: ann.userId });
    expect(await countOf(ann)).toBe(1);
    await removeFromConversation(owner, { conversationId: group.id, userId: ann.userId });
    await leaveConversation(bob, { conversationId: group.id });
    expect(await countOf(ann)).toBe(1);
    expect(await countOf(bob)).toBe(1);
    expect(await countOf(owner)).toBe(1);
  });
});

describe("conversations are kept out of the community lists", () => {
  it("never in listMyCommunities, discovery, the admin console, the switcher; people are found through communities only", async () => {
    const admin = await appAdmin();
    // the host shares a community with Ann and another with Zed; Ann and Zed share only the group
    const first = await circle(1, "ann");
    const host = first.owner;
    const [ann] = first.people;
    const { community: second } = await createCommunity(host, { name: unique("Second") });
    const zedName = unique("Zed");
    const zed = await quickUser(zedName);
    await acceptInvite(zed, (await createInvite(host, { communityId: second.id })).code);
    const name = unique("Hidden group");
    const group = await startConversation(host, { userIds: [ann.userId, zed.userId], name });
    const direct = await openDirectConversation(host, { userId: ann.userId });
    await say(host, direct.channelId);
    // even open to all, a conversation is never discovered
    await db.community.update({ where: { id: group.id }, data: { joinMode: "OPEN" } });

    expect(idsOf(await listMyCommunities(host)).sort()).toEqual([first.community.id, second.id].sort());
    expect(idsOf(await listMyCommunities(ann))).toEqual([first.community.id]);
    const discovered = await discoverCommunities(ann, { query: name });
    expect(JSON.stringify(discovered)).not.toContain(group.id);
    const listed = await listAllCommunities(admin, { query: name });
    expect(JSON.stringify(listed)).not.toContain(group.id);
    expect(JSON.stringify(await listAllCommunities(admin, {}))).not.toContain(direct.id);
    await expect(getCommunityForAdmin(admin, group.id)).rejects.toMatchObject({
      code: ErrorCode.COMMUNITY_NOT_FOUND,
    });
    await expect(setCommunityDisabled(admin, { communityId: group.id, disabled: true })).rejects.toMatchObject({
      code: ErrorCode.COMMUNITY_NOT_FOUND,
    });

    const targets = await listSwitchTargets(ann);
    expect(idsOf(targets.communities)).toEqual([first.community.id]);
    expect(targets.channels.map((c) => c.communityId)).toEqual([first.community.id]);
    const channelIds = targets.channels.map((c) => c.id);
    expect(channelIds).not.toContain(group.channelId);
    expect(channelIds).not.toContain(direct.channelId);

    // Zed shares only the group with Ann: not found by name; the host is, through the real community
    expect(idsOf(await searchPeople(host, { query: zedName.toLowerCase() }))).toEqual([zed.userId]);
    expect(await searchPeople(ann, { query: zedName.toLowerCase() })).toEqual([]);
    const found = await searchPeople(zed, { query: "owner" });
    expect(found.map((p) => [p.id, p.communityId])).toEqual([[host.userId, second.id]]);
  });

  it("nobody in a conversation uses community management", async () => {
    const { owner, people } = await circle(3);
    const [ann, bob, cat] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    const direct = await openDirectConversation(owner, { userId: cat.userId });
    const catName = (await db.user.findUniqueOrThrow({ where: { id: cat.userId } })).username;
    for (const { id, participants } of [group, direct]) {
      for (const actor of participants.map((p) => ({ userId: p.id }))) {
        expect(await codeOf(updateCommunity(actor, { communityId: id, name: "Taken over" }))).toBe(
          ErrorCode.NO_PERMISSION,
        );
        expect(await codeOf(createChannel(actor, { communityId: id, name: "side" }))).toBe(ErrorCode.NO_PERMISSION);
        expect(await codeOf(createInvite(actor, { communityId: id }))).toBe(ErrorCode.NO_PERMISSION);
        expect(await codeOf(inviteUsers(actor, { communityId: id, usernames: [catName] }))).toBe(
          ErrorCode.NO_PERMISSION,
        );
        const other = participants.find((p) => p.id !== actor.userId)!.id;
        expect(await codeOf(banMember(actor, { communityId: id, userId: other }))).toBe(ErrorCode.NO_PERMISSION);
      }
    }
    const kicked = await kickMembers(owner, { communityId: group.id, userIds: [bob.userId] }).then(
      ({ results }) => results[0].code,
      (error) => toFailure(error).code,
    );
    expect(kicked).toBe(ErrorCode.NO_KICK_PERMISSION);
    await expect(joinOpenCommunity(cat, group.id)).rejects.toMatchObject({ code: ErrorCode.JOIN_MODE_MISMATCH });
    expect((await getConversation(owner, group.id)).participants).toHaveLength(3);
    expect(await db.channel.count({ where: { communityId: group.id } })).toBe(1);
  });
});

describe("messages in conversations", () => {
  it("anyone in it pins; nobody opens a thread (6001001)", async () => {
    const { owner, people } = await circle(2);
    const [ann, bob] = people;
    const direct = await openDirectConversation(owner, { userId: ann.userId });
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    for (const { channelId } of [direct, group]) {
      const message = await say(owner, channelId, "remember this");
      await expect(pinMessage(ann, { messageId: message.id, pin: true })).resolves.toEqual({
        messageId: message.id,
        pinned: true,
      });
      expect(idsOf(await listPins(owner, channelId))).toEqual([message.id]);
      await expect(createThread(ann, { messageId: message.id })).rejects.toMatchObject({
        code: ErrorCode.INVALID_INPUT,
      });
      await expect(createThread(owner, { messageId: message.id })).rejects.toMatchObject({
        code: ErrorCode.INVALID_INPUT,
      });
      await expect(pinMessage(ann, { messageId: message.id, pin: false })).resolves.toMatchObject({ pinned: false });
    }
    expect(await db.thread.count({ where: { parentId: { in: [direct.channelId, group.channelId] } } })).toBe(0);
  });

  it("count as unread for the recipient until read", async () => {
    const { owner, people } = await circle(1);
    const [ann] = people;
    const direct = await openDirectConversation(owner, { userId: ann.userId });
    const first = await say(owner, direct.channelId, "one");
    const second = await say(owner, direct.channelId, "two");
    expect(await channelReadState(ann, direct.channelId)).toMatchObject({
      communityId: direct.id,
      unread: 2,
      firstUnreadId: first.id,
    });
    expect(await channelReadState(owner, direct.channelId)).toMatchObject({ unread: 0 });
    await markChannelRead(ann, { channelId: direct.channelId, messageId: second.id });
    expect(await channelReadState(ann, direct.channelId)).toMatchObject({ unread: 0, lastReadId: second.id });
  });

  it("are searched with the conversation as the community, by its people only", async () => {
    const { owner, people } = await circle(3);
    const [ann, bob, cat] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    const word = `zebra${nonce()}`;
    const message = await say(owner, group.channelId, `a ${word} crossing`);
    const page = await searchMessages(ann, { communityId: group.id, query: word });
    expect(idsOf(page.results)).toEqual([message.id]);
    await expect(
      searchMessages(ann, { communityId: group.id, query: word, channelId: group.channelId }),
    ).resolves.toMatchObject({ results: [expect.objectContaining({ id: message.id })] });
    await expect(searchMessages(cat, { communityId: group.id, query: word })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await removeFromConversation(owner, { conversationId: group.id, userId: bob.userId });
    await expect(searchMessages(bob, { communityId: group.id, query: word })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
  });
});

describe("accounts and profiles", () => {
  it("deleting the account of a group's creator leaves the group (the role passes on); conversations are no community owned", async () => {
    const { owner, community, people } = await circle(2);
    const [ann, bob] = people;
    const creator = await makeUser("creator");
    await acceptInvite(creator, (await createInvite(owner, { communityId: community.id })).code);
    const group = await startConversation(creator, { userIds: [ann.userId, bob.userId] });
    const direct = await openDirectConversation(creator, { userId: ann.userId });
    await say(creator, direct.channelId, "bye soon");

    await expect(deleteAccount(creator, { password: "correct-horse-9" })).resolves.toBeUndefined();
    const after = await getConversation(ann, group.id);
    expect(after.participants.map((p) => p.id).sort()).toEqual([ann.userId, bob.userId].sort());
    expect([ann.userId, bob.userId]).toContain(after.ownerId);
    const events = (await listMessages(bob, { channelId: group.channelId })).messages.map((m) => m.system?.kind);
    expect(events).toContain("participantLeft");
    // the direct conversation stays readable for the other person
    expect((await listMessages(ann, { channelId: direct.channelId })).messages.map((m) => m.content)).toEqual([
      "bye soon",
    ]);

    // owning a real community still refuses it
    await expect(deleteAccount(owner, { password: "correct-horse-9" })).rejects.toMatchObject({
      code: ErrorCode.ACCOUNT_OWNS_COMMUNITIES,
    });
  });

  it("the last one in a group deleting their account deletes the group", async () => {
    const { owner, community, people } = await circle(2);
    const [ann, bob] = people;
    const creator = await makeUser("creator");
    await acceptInvite(creator, (await createInvite(owner, { communityId: community.id })).code);
    const group = await startConversation(creator, { userIds: [ann.userId, bob.userId] });
    await leaveConversation(ann, { conversationId: group.id });
    await leaveConversation(bob, { conversationId: group.id });
    await deleteAccount(creator, { password: "correct-horse-9" });
    expect(await db.community.findUnique({ where: { id: group.id } })).toBeNull();
  });

  it("a profile card shows through a shared group conversation, only while shared; sharedCommunities lists communities only", async () => {
    const first = await circle(1, "ann");
    const host = first.owner;
    const [ann] = first.people;
    const { community: second } = await createCommunity(host, { name: unique("Second") });
    const zed = await quickUser("zed");
    await acceptInvite(zed, (await createInvite(host, { communityId: second.id })).code);
    await expect(getProfile(ann, { userId: zed.userId })).rejects.toMatchObject({ code: ErrorCode.USER_NOT_FOUND });

    const group = await startConversation(host, { userIds: [ann.userId, zed.userId] });
    await expect(getProfile(ann, { userId: zed.userId })).resolves.toMatchObject({
      id: zed.userId,
      sharedCommunities: [],
    });
    const hostCard = await getProfile(ann, { userId: host.userId });
    expect(idsOf(hostCard.sharedCommunities)).toEqual([first.community.id]);
    const direct = await openDirectConversation(host, { userId: ann.userId });
    expect(idsOf((await getProfile(host, { userId: ann.userId })).sharedCommunities)).not.toContain(direct.id);

    await leaveConversation(zed, { conversationId: group.id });
    await expect(getProfile(ann, { userId: zed.userId })).rejects.toMatchObject({ code: ErrorCode.USER_NOT_FOUND });
  });

  it("a group's icon is set by anyone in it; refused for a direct conversation (6002073) and an outsider (6001005)", async () => {
    const { owner, people } = await circle(3);
    const [ann, bob, cat] = people;
    const group = await startConversation(owner, { userIds: [ann.userId, bob.userId] });
    const { iconUrl } = await setConversationIcon(ann, group.id, await png());
    expect(iconUrl).toMatch(new RegExp(`^/api/files/avatars/${group.id}/`));
    expect((await getConversation(bob, group.id)).iconUrl).toBe(iconUrl);

    const direct = await openDirectConversation(owner, { userId: cat.userId });
    await expect(setConversationIcon(cat, direct.id, await png())).rejects.toMatchObject({
      code: ErrorCode.NOT_A_GROUP,
    });
    await expect(setConversationIcon(cat, group.id, await png())).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    expect((await getConversation(owner, group.id)).iconUrl).toBe(iconUrl);
    expect((await getConversation(owner, direct.id)).iconUrl).toBeNull();
  });
});
