import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import type { Actor } from "./actor";
import { createChannel } from "./channels";
import { openChannel, sendMessage } from "./messages";
import { createThread } from "./threads";

const send = (actor: Actor, channelId: string, content: string) =>
  sendMessage(actor, { channelId, content, nonce: nonce() });

describe("openChannel: what the channel page shows, after one access check", () => {
  it("opens at the newest page, or around a message of this channel; a message elsewhere opens the newest", async () => {
    const w = await makeWorld();
    const { owner, member } = w.actors;
    const first = await send(owner, w.generalChannelId, "first");
    for (let i = 0; i < 60; i++) await send(owner, w.generalChannelId, `later ${i}`);
    const other = await createChannel(owner, { communityId: w.communityId, name: "other" });
    const elsewhere = await send(owner, other.id, "elsewhere");

    const newest = await openChannel(member, { channelId: w.generalChannelId });
    expect(newest).toMatchObject({
      channel: { id: w.generalChannelId },
      member: { role: "MEMBER" },
      focusId: undefined,
    });
    expect(newest.page.messages.at(-1)?.content).toBe("later 59");
    expect(newest.page.messages.some((m) => m.id === first.id)).toBe(false);
    expect(newest.restriction).toMatchObject({ mutedUntil: null, communityDisabled: false });

    const around = await openChannel(member, { channelId: w.generalChannelId, around: first.id });
    expect(around.focusId).toBe(first.id);
    expect(around.page.messages.some((m) => m.id === first.id)).toBe(true);

    const misplaced = await openChannel(member, { channelId: w.generalChannelId, around: elsewhere.id });
    expect(misplaced.focusId).toBeUndefined();
    expect(misplaced.page.messages.at(-1)?.content).toBe("later 59");
  });

  it("carries the reader's read state in the channel: where it opens", async () => {
    const w = await makeWorld();
    const { owner, member } = w.actors;
    const busy = await createChannel(owner, { communityId: w.communityId, name: "busy" });
    const [welcome] = (await openChannel(member, { channelId: busy.id })).page.messages;
    for (let i = 0; i < 4; i++) await send(owner, busy.id, `later ${i}`);
    // the channel's welcome and four messages, none read yet
    expect((await openChannel(member, { channelId: busy.id })).readState).toMatchObject({
      channelId: busy.id,
      firstUnreadId: welcome.id,
      unread: 5,
    });
    // the author has nothing unread in it
    expect((await openChannel(owner, { channelId: busy.id })).readState).toMatchObject({
      unread: 0,
      firstUnreadId: null,
    });
  });

  it("keeps a thread only when it is this channel's and readable", async () => {
    const w = await makeWorld();
    const { owner, member, member2 } = w.actors;
    const starter = await send(member, w.generalChannelId, "a question");
    const thread = await createThread(member, { messageId: starter.id });
    expect((await openChannel(member2, { channelId: w.generalChannelId, threadId: thread.id })).threadId).toBe(
      thread.id,
    );

    const other = await createChannel(owner, { communityId: w.communityId, name: "other" });
    expect((await openChannel(member2, { channelId: other.id, threadId: thread.id })).threadId).toBeUndefined();

    const secret = await createChannel(owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [member.userId],
    });
    const hidden = await createThread(member, { messageId: (await send(member, secret.id, "psst")).id });
    // a reader of General learns nothing of a private channel's thread named in the URL
    expect(
      (await openChannel(member2, { channelId: w.generalChannelId, threadId: hidden.id })).threadId,
    ).toBeUndefined();
  });

  it("refuses whoever may not read the channel, like the history route", async () => {
    const w = await makeWorld();
    const { owner, member, outsider, banned } = w.actors;
    const secret = await createChannel(owner, { communityId: w.communityId, name: "secret", kind: "PRIVATE" });
    await expect(openChannel(member, { channelId: secret.id })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    await expect(openChannel(outsider, { channelId: w.generalChannelId })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(openChannel(banned, { channelId: w.generalChannelId })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
  });
});
