import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeWorld } from "../testing/world";
import { nonce } from "../testing/factories";
import type { Actor } from "./actor";
import { deleteMessage, editMessage, listMessages, sendMessage } from "./messages";

const userOf = (actor: Actor) =>
  db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { username: true, displayName: true } });

describe("mentioned users' display names (a mention shows @displayName)", () => {
  it("travel with a sent message, an edit and a history page; a removed message has none", async () => {
    const { actors, generalChannelId } = await makeWorld();
    await db.user.update({ where: { id: actors.member2.userId }, data: { displayName: "Bob Dylan" } });
    const [bob, admin] = await Promise.all([userOf(actors.member2), userOf(actors.admin)]);

    const sent = await sendMessage(actors.member, {
      channelId: generalChannelId,
      content: `hi @${bob.username} and @${admin.username}`,
      nonce: nonce(),
    });
    expect(sent.mentionNames).toEqual({ [bob.username]: "Bob Dylan", [admin.username]: admin.displayName });

    const edited = await editMessage(actors.member, { messageId: sent.id, content: `only @${bob.username}` });
    expect(edited.mentionNames).toEqual({ [bob.username]: "Bob Dylan" });

    const plain = await sendMessage(actors.member, { channelId: generalChannelId, content: "nobody", nonce: nonce() });
    expect(plain.mentionNames).toEqual({});

    const page = await listMessages(actors.member2, { channelId: generalChannelId });
    expect(page.messages.find((m) => m.id === sent.id)?.mentionNames).toEqual({ [bob.username]: "Bob Dylan" });

    await deleteMessage(actors.owner, sent.id);
    const after = await listMessages(actors.member2, { channelId: generalChannelId });
    expect(after.messages.find((m) => m.id === sent.id)).toMatchObject({
      removed: true,
      mentions: [],
      mentionNames: {},
    });
  });
});
