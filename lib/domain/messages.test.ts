import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { makeCommunity, makeUser, nonce, unique } from "../testing/factories";
import type { MessagePage } from "../dto";
import { deleteMessage, editMessage, listMessages, sendMessage } from "./messages";

/** A page without the "joined" system messages the factories' invites post. */
const chat = (page: MessagePage) => page.messages.filter((m) => m.type !== "SYSTEM");

describe("messages", () => {
  it("a member sends and reads; the message is stored trimmed with its author", async () => {
    const { community, generalChannelId, members } = await makeCommunity(1);
    const message = await sendMessage(members[0], {
      channelId: generalChannelId,
      content: "  hello\r\nworld  ",
      nonce: nonce(),
    });
    expect(message).toMatchObject({
      channelId: generalChannelId,
      content: "hello\nworld",
      author: { id: members[0].userId },
    });
    const page = await listMessages(members[0], { channelId: generalChannelId });
    expect(chat(page).map((m) => m.id)).toEqual([message.id]);
    expect(community.id).toBeTruthy();
  });

  it("non-members can neither read nor send, and learn nothing of private channels", async () => {
    const { owner, generalChannelId, community, members } = await makeCommunity(1);
    await sendMessage(owner, { channelId: generalChannelId, content: "members only", nonce: nonce() });
    const outsider = await makeUser("outsider");
    await expect(listMessages(outsider, { channelId: generalChannelId })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(
      sendMessage(outsider, { channelId: generalChannelId, content: "hi", nonce: nonce() }),
    ).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(listMessages(outsider, { channelId: "no-such-channel" })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });

    const secret = await db.channel.create({
      data: { id: unique("ch"), communityId: community.id, name: "staff", kind: "PRIVATE" },
    });
    await sendMessage(owner, { channelId: secret.id, content: "staff only", nonce: nonce() });
    await expect(listMessages(members[0], { channelId: secret.id })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    await expect(
      sendMessage(members[0], { channelId: secret.id, content: "hi", nonce: nonce() }),
    ).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
  });

  it("the same nonce returns the original message and never stores a duplicate, even concurrently", async () => {
    const { owner, generalChannelId } = await makeCommunity();
    const key = nonce();
    const first = await sendMessage(owner, { channelId: generalChannelId, content: "once", nonce: key });
    const retry = await sendMessage(owner, { channelId: generalChannelId, content: "once", nonce: key });
    expect(retry.id).toBe(first.id);

    const raceKey = nonce();
    const raced = await Promise.all(
      [1, 2, 3, 4, 5].map(() => sendMessage(owner, { channelId: generalChannelId, content: "raced", nonce: raceKey })),
    );
    expect(new Set(raced.map((m) => m.id)).size).toBe(1);
    expect(await db.message.count({ where: { channelId: generalChannelId } })).toBe(2);
  });

  it("refuses empty, whitespace-only and overlong messages with their codes", async () => {
    const { owner, generalChannelId } = await makeCommunity();
    for (const content of ["", "   ", "\n\t\n"]) {
      await expect(sendMessage(owner, { channelId: generalChannelId, content, nonce: nonce() })).rejects.toMatchObject({
        code: ErrorCode.MESSAGE_EMPTY,
        message: "A message cannot be empty.",
      });
    }
    await expect(
      sendMessage(owner, { channelId: generalChannelId, content: "x".repeat(4001), nonce: nonce() }),
    ).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_TOO_LONG,
      message: "Messages can be at most 4,000 characters (this one has 4,001).",
    });
    // 4,000 emoji are 4,000 characters, though 8,000 UTF-16 units
    await expect(
      sendMessage(owner, { channelId: generalChannelId, content: "😀".repeat(4000), nonce: nonce() }),
    ).resolves.toBeTruthy();
    const stored = await sendMessage(owner, {
      channelId: generalChannelId,
      content: "<script>alert(1)</script>",
      nonce: nonce(),
    });
    expect(stored.content).toBe("<script>alert(1)</script>"); // stored as text; rendering escapes it
  });

  it("history pages return every message exactly once, in order, while new messages arrive", async () => {
    const { owner, generalChannelId, members } = await makeCommunity(1);
    const sent: string[] = [];
    for (let i = 0; i < 120; i++) {
      const author = i % 2 ? owner : members[0];
      sent.push((await sendMessage(author, { channelId: generalChannelId, content: `m${i}`, nonce: nonce() })).id);
    }
    const first = await listMessages(members[0], { channelId: generalChannelId });
    expect(first.messages).toHaveLength(50);
    expect(first.hasOlder).toBe(true);
    expect(first.hasNewer).toBe(false);
    const seen = [...chat(first).map((m) => m.id)];
    let cursor = first.messages[0].id;
    const live: string[] = [];
    for (let page = 0; ; page++) {
      // new messages arrive between page loads; they must not shift the older pages
      live.push((await sendMessage(owner, { channelId: generalChannelId, content: `live${page}`, nonce: nonce() })).id);
      const older = await listMessages(members[0], { channelId: generalChannelId, before: cursor, limit: 50 });
      seen.unshift(...chat(older).map((m) => m.id));
      if (!older.hasOlder) break;
      cursor = older.messages[0].id;
    }
    expect(seen).toEqual(sent);
    // catching up forward from the newest seen returns exactly the live messages, in order
    const newer = await listMessages(members[0], { channelId: generalChannelId, after: sent.at(-1), limit: 100 });
    expect(newer.messages.map((m) => m.id)).toEqual(live);
    expect(newer.hasNewer).toBe(false);
  });

  it("refuses a page size above 100", async () => {
    const { owner, generalChannelId } = await makeCommunity();
    await expect(listMessages(owner, { channelId: generalChannelId, limit: 101 })).rejects.toThrow();
  });
});

describe("editing and deleting", () => {
  it("authors edit and delete their own messages; owner and admins remove others'; members cannot", async () => {
    const { owner, generalChannelId, members } = await makeCommunity(2);
    const [alice, bob] = members;
    const mine = await sendMessage(alice, { channelId: generalChannelId, content: "frist", nonce: nonce() });
    const edited = await editMessage(alice, { messageId: mine.id, content: "  first  " });
    expect(edited).toMatchObject({ id: mine.id, content: "first", removed: false });
    expect(edited.editedAt).not.toBeNull();
    await expect(editMessage(bob, { messageId: mine.id, content: "hijack" })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(editMessage(owner, { messageId: mine.id, content: "owner edit" })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(editMessage(alice, { messageId: mine.id, content: "   " })).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_EMPTY,
    });
    await expect(deleteMessage(bob, mine.id)).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
      message: "You can only delete your own messages.",
    });
    const outsider = await makeUser("outsider");
    await expect(deleteMessage(outsider, mine.id)).rejects.toMatchObject({ code: ErrorCode.NOT_IN_COMMUNITY });
    await expect(deleteMessage(alice, "no-such-message")).rejects.toMatchObject({ code: ErrorCode.MESSAGE_NOT_FOUND });

    const bobs = await sendMessage(bob, { channelId: generalChannelId, content: "rude words", nonce: nonce() });
    await expect(deleteMessage(owner, bobs.id)).resolves.toEqual({ messageId: bobs.id, removed: true });
    await expect(deleteMessage(alice, mine.id)).resolves.toEqual({ messageId: mine.id, removed: false });
    const page = await listMessages(bob, { channelId: generalChannelId });
    expect(chat(page)).toEqual([expect.objectContaining({ id: bobs.id, removed: true, content: "" })]);
    await expect(editMessage(alice, { messageId: mine.id, content: "back?" })).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_NOT_FOUND,
    });
    await expect(editMessage(bob, { messageId: bobs.id, content: "undo removal" })).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_NOT_FOUND,
    });
  });
});
