import { describe, expect, it } from "vitest";
import { db } from "../db";
import { AppError, ErrorCode, toResult } from "../errors";
import { newId } from "../ids";
import { makeCommunity, nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import type { MessageType, SearchPage } from "../dto";
import type { Actor } from "./actor";
import { addChannelMembers, createChannel, removeChannelMembers } from "./channels";
import { deleteMessage, editMessage, listMessages, sendMessage } from "./messages";
import { pinMessage } from "./pins";
import { reactToMessage } from "./reactions";
import { setBlocked } from "./blocks";
import { createThread } from "./threads";
import { listSearchableChannels, searchMessages } from "./search";

const send = (actor: Actor, channelId: string, content: string) =>
  sendMessage(actor, { channelId, content, nonce: nonce() });

/** A message row straight into the database: attachment types, system messages and back-dated ones. */
async function insert(
  actor: Actor,
  channelId: string,
  content: string,
  extra: { type?: MessageType; createdAt?: Date; mentionIds?: string[] } = {},
) {
  const id = newId();
  await db.message.create({
    data: {
      id,
      channelId,
      authorId: actor.userId,
      content,
      type: extra.type ?? "TEXT",
      createdAt: extra.createdAt,
      mentionIds: extra.mentionIds,
    },
  });
  if (extra.type && extra.type !== "TEXT" && extra.type !== "SYSTEM") {
    await db.attachment.create({
      data: {
        messageId: id,
        key: `test/${id}`,
        fileName: `${content || "file"}.bin`,
        mimeType: "application/octet-stream",
        size: 1,
      },
    });
  }
  return id;
}

const ids = async (
  actor: Actor,
  input: Omit<Parameters<typeof searchMessages>[1], "communityId"> & { communityId: string },
) => (await searchMessages(actor, input)).results.map((result) => result.id);

describe("message search", () => {
  it("matches every word, the last one as a prefix, case-insensitively, newest first, with channel names and full DTOs", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const a = await send(actors.member, generalChannelId, "Hello world");
    const b = await send(actors.member2, generalChannelId, "help me please");
    const c = await send(actors.owner, generalChannelId, "world peace");
    const d = await send(actors.admin, generalChannelId, "say HELLO there, **friends**");
    await send(actors.admin, generalChannelId, "unrelated chatter");

    expect(await ids(actors.member, { communityId, query: "hello" })).toEqual([d.id, a.id]);
    expect(await ids(actors.member, { communityId, query: "HEL" })).toEqual([d.id, b.id, a.id]);
    expect(await ids(actors.member, { communityId, query: "world hel" })).toEqual([a.id]);
    expect(await ids(actors.member, { communityId, query: "  wor  " })).toEqual([c.id, a.id]);
    expect(await ids(actors.member, { communityId, query: "hello wor" })).toEqual([a.id]);
    expect(await ids(actors.member, { communityId, query: "friend" })).toEqual([d.id]);
    expect(await ids(actors.member, { communityId, query: "hellos" })).toEqual([]);
    // a complete word is not a prefix: "hel" alone before another word must be the whole word
    expect(await ids(actors.member, { communityId, query: "hel world" })).toEqual([]);

    const page = await searchMessages(actors.member, { communityId, query: "peace" });
    expect(page).toMatchObject({
      nextCursor: null,
      results: [{ id: c.id, channelName: "general", content: "world peace", author: { id: actors.owner.userId } }],
    });
  });

  it("a hit is the message exactly as history shows it (reply quote, mentions, reactions, attachment, pin, edit)", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const member2 = (await db.user.findUniqueOrThrow({ where: { id: actors.member2.userId } })).username;
    const original = await send(actors.member2, generalChannelId, "the original question");
    const reply = await sendMessage(actors.member, {
      channelId: generalChannelId,
      content: `answer for @${member2} here`,
      nonce: nonce(),
      replyToId: original.id,
    });
    await reactToMessage(actors.member2, { messageId: reply.id, emoji: "👍", add: true });
    await reactToMessage(actors.member, { messageId: reply.id, emoji: "👍", add: true });
    await pinMessage(actors.owner, { messageId: reply.id, pin: true });
    await editMessage(actors.member, { messageId: reply.id, content: `answer for @${member2} here, edited` });
    const image = await insert(actors.member, generalChannelId, "answer picture", { type: "IMAGE" });
    const history = (await listMessages(actors.member, { channelId: generalChannelId })).messages;
    const hits = (await searchMessages(actors.member, { communityId, query: "answer" })).results;
    expect(hits.map((hit) => hit.id)).toEqual([image, reply.id]);
    for (const { channelName, threadParentId, ...hit } of hits) {
      expect(channelName).toBe("general");
      expect(threadParentId).toBeNull();
      expect(hit).toEqual(history.find((message) => message.id === hit.id));
    }
    expect(hits[1]).toMatchObject({
      replyTo: { id: original.id },
      mentions: [member2],
      pinned: true,
      reactions: [{ emoji: "👍", count: 2, me: true }],
    });
    expect(hits[1].editedAt).not.toBeNull();
  });

  it("edits are searched by their new text", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const message = await send(actors.member, generalChannelId, "first draft");
    await editMessage(actors.member, { messageId: message.id, content: "final version" });
    expect(await ids(actors.member, { communityId, query: "draft" })).toEqual([]);
    expect(await ids(actors.member, { communityId, query: "final" })).toEqual([message.id]);
  });

  it("filters by author, channel, message type and date", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const random = await createChannel(actors.owner, { communityId, name: "random" });
    const byMember = await send(actors.member, generalChannelId, "topic alpha");
    const byMember2 = await send(actors.member2, random.id, "topic beta");
    const image = await insert(actors.member, random.id, "topic image", { type: "IMAGE" });
    const video = await insert(actors.member2, generalChannelId, "topic video", { type: "VIDEO" });
    const voice = await insert(actors.member, generalChannelId, "topic voice", { type: "VOICE" });
    const file = await insert(actors.member, random.id, "topic file", { type: "FILE" });
    const older = await insert(actors.member, generalChannelId, "topic older", {
      createdAt: new Date("2019-06-01T00:00:00Z"),
    });
    const old = await insert(actors.member, generalChannelId, "topic old", {
      createdAt: new Date("2020-01-15T12:00:00Z"),
    });
    const q = { communityId, query: "topic" };

    expect((await ids(actors.admin, q)).sort()).toEqual(
      [byMember.id, byMember2.id, image, video, voice, file, old, older].sort(),
    );
    expect((await ids(actors.admin, { ...q, fromUserId: actors.member2.userId })).sort()).toEqual(
      [byMember2.id, video].sort(),
    );
    expect(await ids(actors.admin, { ...q, fromUserId: actors.outsider.userId })).toEqual([]);
    expect((await ids(actors.admin, { ...q, channelId: random.id })).sort()).toEqual(
      [byMember2.id, image, file].sort(),
    );
    expect((await ids(actors.admin, { ...q, has: "attachment" })).sort()).toEqual([image, video, voice, file].sort());
    expect(await ids(actors.admin, { ...q, has: "image" })).toEqual([image]);
    expect(await ids(actors.admin, { ...q, has: "video" })).toEqual([video]);
    expect(await ids(actors.admin, { ...q, has: "voice" })).toEqual([voice]);
    expect(await ids(actors.admin, { ...q, has: "file" })).toEqual([file]);
    expect(
      (
        await ids(actors.admin, { ...q, channelId: random.id, has: "attachment", fromUserId: actors.member.userId })
      ).sort(),
    ).toEqual([image, file].sort());

    // before: sent before the instant; after: at or after it (dates alone are midnight UTC)
    expect(await ids(actors.admin, { ...q, before: "2021-01-01" })).toEqual([old, older]);
    expect(await ids(actors.admin, { ...q, before: "2020-01-15T12:00:00.000Z" })).toEqual([older]);
    expect(await ids(actors.admin, { ...q, after: "2020-01-15T12:00:00Z", before: "2020-01-16" })).toEqual([old]);
    expect((await ids(actors.admin, { ...q, after: "2021-01-01" })).sort()).toEqual(
      [byMember.id, byMember2.id, image, video, voice, file].sort(),
    );
    expect(await ids(actors.admin, { ...q, after: "2021-01-01", before: "2020-01-01" })).toEqual([]);
    const attachmentHit = (await searchMessages(actors.admin, { ...q, has: "image" })).results[0];
    expect(attachmentHit).toMatchObject({
      type: "IMAGE",
      channelName: "random",
      attachment: { fileName: "topic image.bin" },
    });
  });

  it("pages by cursor: newest first, no duplicates, no gaps, stable while new messages arrive", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const random = await createChannel(actors.owner, { communityId, name: "random" });
    const sent: string[] = [];
    for (let i = 0; i < 40; i++)
      sent.push((await send(actors.member, i % 3 ? generalChannelId : random.id, `paging item ${i}`)).id);
    const expected = [...sent].reverse();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchMessages(actors.member2, { communityId, query: "paging item", limit: 7, cursor });
      seen.push(...page.results.map((result) => result.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
      if (pages === 2) await send(actors.member, generalChannelId, "paging item late"); // newer than page 1: not in later pages
    } while (cursor);
    expect(pages).toBe(6);
    expect(seen).toEqual(expected);
    expect(
      (await searchMessages(actors.member2, { communityId, query: "paging", limit: 40 })).nextCursor,
    ).not.toBeNull();
    expect((await searchMessages(actors.member2, { communityId, query: "paging" })).results).toHaveLength(25);
  });

  it("a private channel is invisible to a member without a seat, also through the channel filter; visible once seated and to admins", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const secret = await createChannel(actors.owner, { communityId, name: "staff", kind: "PRIVATE" });
    const hidden = await send(actors.owner, secret.id, "launch codes for the secret project");
    const open = await send(actors.owner, generalChannelId, "the secret is out");
    const q = { communityId, query: "secret" };

    expect(await ids(actors.member, q)).toEqual([open.id]);
    expect(await ids(actors.member, { ...q, query: "launch" })).toEqual([]);
    const viaFilter = await toResult(() => searchMessages(actors.member, { ...q, channelId: secret.id }));
    const noSuchChannel = await toResult(() => searchMessages(actors.member, { ...q, channelId: "no-such-channel" }));
    expect(viaFilter).toEqual(noSuchChannel); // indistinguishable from a channel that does not exist
    expect(viaFilter).toMatchObject({ ok: false, code: ErrorCode.CHANNEL_NOT_FOUND });
    // a query that matches nothing anyway answers the same
    expect(await toResult(() => searchMessages(actors.member, { ...q, query: "zzzz", channelId: secret.id }))).toEqual(
      noSuchChannel,
    );
    expect((await listSearchableChannels(actors.member, communityId)).map((c) => c.id)).not.toContain(secret.id);

    expect(await ids(actors.admin, q)).toEqual([open.id, hidden.id]);
    expect(await ids(actors.owner, { ...q, channelId: secret.id })).toEqual([hidden.id]);

    await addChannelMembers(actors.owner, { channelId: secret.id, userIds: [actors.member.userId] });
    expect(await ids(actors.member, q)).toEqual([open.id, hidden.id]);
    expect(await ids(actors.member, { ...q, channelId: secret.id })).toEqual([hidden.id]);
    expect((await listSearchableChannels(actors.member, communityId)).map((c) => c.id)).toContain(secret.id);
    expect(await ids(actors.member2, q)).toEqual([open.id]);

    await removeChannelMembers(actors.owner, { channelId: secret.id, userIds: [actors.member.userId] });
    expect(await ids(actors.member, q)).toEqual([open.id]);
    await expect(searchMessages(actors.member, { ...q, channelId: secret.id })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
  });

  it("non-members, banned users and unknown communities are refused; another community's channel is not found", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    await send(actors.member, generalChannelId, "members only words");
    const q = { communityId, query: "members" };
    await expect(searchMessages(actors.outsider, q)).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
      message: "You are not a member of this community.",
    });
    await expect(searchMessages(actors.banned, q)).rejects.toMatchObject({ code: ErrorCode.NOT_IN_COMMUNITY });
    await expect(searchMessages(actors.outsider, { ...q, query: "zzz" })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(searchMessages(actors.member, { ...q, communityId: "no-such-community" })).rejects.toMatchObject({
      code: ErrorCode.COMMUNITY_NOT_FOUND,
    });
    await expect(listSearchableChannels(actors.outsider, communityId)).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(listSearchableChannels(actors.member, "x\u0000")).rejects.toMatchObject({
      code: ErrorCode.COMMUNITY_NOT_FOUND,
    });

    const other = await makeCommunity(0);
    await send(other.owner, other.generalChannelId, "members of the other place");
    // the owner of both: the other community's channel is not a channel of this one
    const both = other.owner;
    await db.member.create({ data: { communityId, userId: both.userId, role: "MEMBER", sortName: "both" } });
    expect(await ids(both, q)).toHaveLength(1);
    await expect(searchMessages(both, { ...q, channelId: other.generalChannelId })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    await expect(searchMessages(actors.owner, { ...q, channelId: other.generalChannelId })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    expect(await ids(actors.owner, { communityId: other.community.id, query: "members" }).catch((e) => e.code)).toBe(
      ErrorCode.NOT_IN_COMMUNITY,
    );
  });

  it("never finds deleted, removed or system messages", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const deleted = await send(actors.member, generalChannelId, "vanishing words");
    const removed = await send(actors.member2, generalChannelId, "vanishing rudeness");
    const kept = await send(actors.member2, generalChannelId, "vanishing not");
    await insert(actors.owner, generalChannelId, "vanishing system", { type: "SYSTEM" });
    await deleteMessage(actors.member, deleted.id);
    await deleteMessage(actors.admin, removed.id);
    expect(await ids(actors.member, { communityId, query: "vanishing" })).toEqual([kept.id]);
    expect(await ids(actors.admin, { communityId, query: "rudeness" })).toEqual([]);
  });

  it("rejects bad input with 6002001 and a sentence", async () => {
    const { actors, communityId } = await makeWorld();
    const bad = async (input: Record<string, unknown>, message: RegExp) => {
      const result = await toResult(() =>
        searchMessages(actors.member, { communityId, query: "x", ...input } as never),
      );
      expect(result).toMatchObject({
        ok: false,
        code: ErrorCode.INVALID_INPUT,
        message: expect.stringMatching(message),
      });
    };
    await bad({ query: "" }, /Type something/);
    await bad({ query: "   \n\t " }, /Type something/);
    await bad({ query: "\u0000" }, /cannot be saved/);
    await bad({ query: undefined }, /Type something/);
    await bad({ query: 42 }, /Type something/);
    await bad({ query: "x".repeat(201) }, /at most 200/);
    await bad({ query: "x".repeat(10_000) }, /at most 200/);
    await bad({ limit: 0 }, /at least one/);
    await bad({ limit: 51 }, /at most 50/);
    await bad({ limit: "lots" }, /number/);
    await bad({ has: "pdf" }, /attachment, image/);
    await bad({ before: "yesterday" }, /before date/);
    await bad({ after: "2024-13-45" }, /after date/);
    await bad({ after: "99999-01-01" }, /after date/);
    await bad({ before: "2024-05-01T10:00" }, /before date/); // a time needs a zone
    await bad({ cursor: "not a cursor!" }, /cursor/);
    await bad({ fromUserId: "\u0000" }, /cannot be saved/);
    await bad({ fromUserId: "' OR 1=1 --" }, /member does not exist/);
    await bad({ channelId: "x\u0000" }, /cannot be saved/);
    await bad({ channelId: "x".repeat(65) }, /channel does not exist/);
    await bad({ communityId: "c\u0000" }, /cannot be saved/);
    await bad({ cursor: Buffer.from("'; DROP TABLE").toString("base64url") }, /cursor/);
    // 200 characters as a person counts them: emoji are one each
    expect(await toResult(() => searchMessages(actors.member, { communityId, query: "🎉".repeat(200) }))).toMatchObject(
      { ok: true },
    );
  });

  it("hostile queries give results or an AppError, never a database error; such text in messages is found", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const tricky = await send(
      actors.member,
      generalChannelId,
      `it's O'Reilly & co: a|b !c (d) e:* <f> \\g 'h' "quoted" <script>alert(1)</script> 🎉 party`,
    );
    const hostile = [
      `'`,
      `''`,
      `"`,
      `\\`,
      `\\'`,
      `'\\`,
      `&`,
      `|`,
      `!`,
      `(`,
      `)`,
      `:*`,
      `<->`,
      `<2>`,
      `&|!():*<>`,
      `a & b | !c`,
      `!!!hello`,
      `hello:*`,
      `hello:A*`,
      `(hello | world) & !x`,
      `'hello' & 'world`,
      `foo' OR '1'='1`,
      `'; DROP TABLE "Message"; --`,
      `$1 $$ $body$`,
      `%_%`,
      `<script>alert(1)</script>`,
      `<img src=x onerror=alert(1)>`,
      `🎉`,
      `👨‍👩‍👧 🇯🇵`,
      `日本語のテキスト`,
      `\u0000abc\u0000`,
      `\ud800`,
      `a\u0301`,
      `http://evil.com/a'b\\c`,
      `user@example.com`,
      `-1`,
      `3.14e10`,
      `a:*:*:*`,
      `x`.repeat(200),
      `a `.repeat(100),
      `${"x".repeat(199)}'`,
      `x`.repeat(10_000),
      `'`.repeat(10_000),
    ];
    for (const query of hostile) {
      for (const channelId of [undefined, generalChannelId]) {
        try {
          const page = await searchMessages(actors.member, { communityId, query, channelId });
          expect(Array.isArray(page.results)).toBe(true);
        } catch (error) {
          expect(error, `query ${JSON.stringify(query.slice(0, 40))}`).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe(ErrorCode.INVALID_INPUT);
        }
      }
    }
    for (const query of [`o'reilly`, `O'Rei`, `"quoted"`, `'h'`, `a|b`, `(d)`, `\\g`, `🎉 party`, `e:*`, `!c`]) {
      expect(await ids(actors.member, { communityId, query }), query).toEqual([tricky.id]);
    }
    // punctuation or emoji alone hold no word: nothing, and no error
    expect(await ids(actors.member, { communityId, query: "🎉" })).toEqual([]);
    expect(await ids(actors.member, { communityId, query: "&|!" })).toEqual([]);
    // and non-members still learn that they are not members, whatever they type
    await expect(searchMessages(actors.outsider, { communityId, query: "🎉" })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
  });
});

describe("search box filters: has:link, mentions:, filters without words, in: with threads, UTC days", () => {
  const usernameOf = async (actor: Actor) =>
    (await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { username: true } })).username;

  it("has:link finds http(s), mailto and www. links (markdown targets too), not the bare words", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const https = await send(actors.member, generalChannelId, "link see https://example.com/a");
    const http = await send(actors.member, generalChannelId, "link plain http://example.org");
    const markdown = await send(actors.member, generalChannelId, "link [the docs](https://docs.example.com)");
    const mail = await send(actors.member, generalChannelId, "link write to mailto:someone@example.com");
    const www = await send(actors.member, generalChannelId, "link go to www.example.net now");
    await send(actors.member, generalChannelId, "link no url: http or https or www or example.com");
    await send(actors.member, generalChannelId, "link broken https:// alone");
    await send(actors.member, generalChannelId, "link email someone@www.example.com");
    const q = { communityId, query: "link" };
    expect(await ids(actors.member2, { ...q, has: "link" })).toEqual([www.id, mail.id, markdown.id, http.id, https.id]);
    // no words: every message with a link
    expect(await ids(actors.member2, { communityId, has: "link" })).toEqual([
      www.id,
      mail.id,
      markdown.id,
      http.id,
      https.id,
    ]);
    expect(await ids(actors.member2, { ...q, query: "docs", has: "link" })).toEqual([markdown.id]);
  });

  it("mentions: finds the messages that mention a member, only in channels the reader can read now", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const member = await usernameOf(actors.member);
    const member2 = await usernameOf(actors.member2);
    const secret = await createChannel(actors.owner, { communityId, name: "staff", kind: "PRIVATE" });
    await addChannelMembers(actors.owner, { channelId: secret.id, userIds: [actors.member.userId] });
    const open = await send(actors.owner, generalChannelId, `ping @${member} about the plan`);
    const both = await send(actors.admin, generalChannelId, `@${member2} and @${member}: plan`);
    const other = await send(actors.admin, generalChannelId, `@${member2} plan for you`);
    await send(actors.admin, generalChannelId, `${member} without the at sign, plan`);
    const hidden = await send(actors.owner, secret.id, `@${member} secret plan`);
    const q = { communityId, mentionsUserId: actors.member.userId };

    expect(await ids(actors.member, q)).toEqual([hidden.id, both.id, open.id]);
    expect(await ids(actors.admin, { ...q, query: "plan" })).toEqual([hidden.id, both.id, open.id]);
    expect(await ids(actors.member, { ...q, fromUserId: actors.admin.userId })).toEqual([both.id]);
    expect(await ids(actors.member, { communityId, mentionsUserId: actors.member2.userId })).toEqual([
      other.id,
      both.id,
    ]);
    // member2 has no seat in the private channel: its mention never shows, not even by channel
    expect(await ids(actors.member2, q)).toEqual([both.id, open.id]);
    await expect(searchMessages(actors.member2, { ...q, channelId: secret.id })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    // the member loses the seat: the mention of them there is gone from their search
    await removeChannelMembers(actors.owner, { channelId: secret.id, userIds: [actors.member.userId] });
    expect(await ids(actors.member, q)).toEqual([both.id, open.id]);
    // someone who is no member (or does not exist) is mentioned nowhere
    expect(await ids(actors.member, { communityId, mentionsUserId: actors.outsider.userId })).toEqual([]);
    expect(await ids(actors.member, { communityId, mentionsUserId: "nobody" })).toEqual([]);
  });

  it("filters without words: a filter alone lists messages newest first; no words and no filter is refused", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const random = await createChannel(actors.owner, { communityId, name: "random" });
    const a = await send(actors.member, generalChannelId, "first");
    const b = await send(actors.member, random.id, "second");
    await send(actors.member2, generalChannelId, "third");
    const image = await insert(actors.member2, random.id, "", { type: "IMAGE" }); // a caption-less image
    expect(await ids(actors.admin, { communityId, fromUserId: actors.member.userId })).toEqual([b.id, a.id]);
    expect(await ids(actors.admin, { communityId, query: "", fromUserId: actors.member.userId })).toEqual([b.id, a.id]);
    expect(await ids(actors.admin, { communityId, query: " \t\n", channelId: random.id })).toEqual([image, b.id]);
    expect(await ids(actors.admin, { communityId, has: "image" })).toEqual([image]);
    for (const query of [undefined, "", "   "]) {
      await expect(searchMessages(actors.admin, { communityId, query })).rejects.toMatchObject({
        code: ErrorCode.INVALID_INPUT,
        message: "Type something to search for.",
      });
    }
    // the other fields are still checked, and NUL is still refused
    await expect(
      searchMessages(actors.admin, { communityId, query: "\u0000", fromUserId: actors.member.userId }),
    ).rejects.toMatchObject({ code: ErrorCode.INVALID_INPUT, message: expect.stringMatching(/cannot be saved/) });
    await expect(searchMessages(actors.admin, { communityId, has: "pdf" as never })).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: expect.stringMatching(/link, attachment/),
    });
    await expect(searchMessages(actors.admin, { communityId, before: "soon" })).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: expect.stringMatching(/before date/),
    });
    await expect(searchMessages(actors.admin, { communityId, mentionsUserId: "' OR 1=1 --" })).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: expect.stringMatching(/member does not exist/),
    });
    // outsiders are refused with filters alone too
    await expect(
      searchMessages(actors.outsider, { communityId, fromUserId: actors.member.userId }),
    ).rejects.toMatchObject({ code: ErrorCode.NOT_IN_COMMUNITY });
  });

  it("in: a channel includes its threads; a private channel, its threads, or another community's channel are not found", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const random = await createChannel(actors.owner, { communityId, name: "random" });
    const secret = await createChannel(actors.owner, { communityId, name: "staff", kind: "PRIVATE" });
    const starter = await send(actors.member, generalChannelId, "topic starter");
    const thread = await createThread(actors.member, { messageId: starter.id });
    const reply = await send(actors.member2, thread.id, "topic reply in the thread");
    await send(actors.member2, random.id, "topic elsewhere");
    const secretStarter = await send(actors.owner, secret.id, "topic staff starter");
    const secretThread = await createThread(actors.owner, { messageId: secretStarter.id });
    const secretReply = await send(actors.owner, secretThread.id, "topic staff reply");

    const inGeneral = await searchMessages(actors.member, { communityId, query: "topic", channelId: generalChannelId });
    expect(inGeneral.results.map((hit) => [hit.id, hit.threadParentId])).toEqual([
      [reply.id, generalChannelId],
      [starter.id, null],
    ]);
    // the thread alone
    expect(await ids(actors.member, { communityId, channelId: thread.id })).toEqual([reply.id]);
    expect(await ids(actors.owner, { communityId, query: "topic", channelId: secret.id })).toEqual([
      secretReply.id,
      secretStarter.id,
    ]);

    const notFound = { code: ErrorCode.CHANNEL_NOT_FOUND };
    for (const channelId of [secret.id, secretThread.id]) {
      await expect(searchMessages(actors.member, { communityId, query: "topic", channelId })).rejects.toMatchObject(
        notFound,
      );
      await expect(searchMessages(actors.member, { communityId, channelId })).rejects.toMatchObject(notFound);
      await expect(
        searchMessages(actors.member, { communityId, channelId, fromUserId: actors.owner.userId, has: "link" }),
      ).rejects.toMatchObject(notFound);
    }
    const other = await makeCommunity(0);
    await send(other.owner, other.generalChannelId, "topic of the other community");
    await expect(
      searchMessages(actors.owner, { communityId, channelId: other.generalChannelId }),
    ).rejects.toMatchObject(notFound);
    await expect(
      searchMessages(actors.owner, { communityId, query: "topic", channelId: other.generalChannelId }),
    ).rejects.toMatchObject(notFound);
    // nor does "from:" someone of the other community leak their messages there
    expect(await ids(actors.owner, { communityId, fromUserId: other.owner.userId })).toEqual([]);
  });

  it("from: a blocked member still filters by author (blocking hides nothing from search, as in history)", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const hit = await send(actors.member2, generalChannelId, "words from a blocked member");
    await setBlocked(actors.member, { userId: actors.member2.userId, blocked: true });
    expect(await ids(actors.member, { communityId, fromUserId: actors.member2.userId })).toEqual([hit.id]);
  });

  it("before: / after: dates are UTC days: a day's start is midnight UTC", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const late = await insert(actors.member, generalChannelId, "daybound late", {
      createdAt: new Date("2020-01-15T23:59:59.999Z"),
    });
    const early = await insert(actors.member, generalChannelId, "daybound early", {
      createdAt: new Date("2020-01-16T00:00:00.000Z"),
    });
    const next = await insert(actors.member, generalChannelId, "daybound next", {
      createdAt: new Date("2020-01-17T00:00:00.000Z"),
    });
    const q = { communityId, query: "daybound" };
    // the search box sends "after: 2020-01-15" as after=2020-01-16 and "before: 2020-01-16" as before=2020-01-16
    expect(await ids(actors.member, { ...q, before: "2020-01-16" })).toEqual([late]);
    expect(await ids(actors.member, { ...q, after: "2020-01-16" })).toEqual([next, early]);
    expect(await ids(actors.member, { ...q, after: "2020-01-16", before: "2020-01-17" })).toEqual([early]);
    expect(await ids(actors.member, { communityId, after: "2020-01-16", before: "2020-01-17" })).toEqual([early]);
  });

  it("pages by cursor with filters and with filters alone: no duplicates, no gaps", async () => {
    const { actors, communityId, generalChannelId } = await makeWorld();
    const member = await usernameOf(actors.member);
    const random = await createChannel(actors.owner, { communityId, name: "random" });
    const expected: string[] = [];
    for (let i = 0; i < 23; i++) {
      const channelId = i % 2 ? generalChannelId : random.id;
      const match = i % 3 !== 0;
      const author = match ? actors.admin : actors.member2;
      const sent = await send(author, channelId, `page ${i} @${member} https://example.com/${i}`);
      if (match) expected.unshift(sent.id);
      await send(actors.admin, channelId, `page ${i} without a link for @${member}`);
    }
    for (const query of [undefined, "page"]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page: SearchPage = await searchMessages(actors.member, {
          communityId,
          query,
          fromUserId: actors.admin.userId,
          mentionsUserId: actors.member.userId,
          has: "link",
          limit: 4,
          cursor,
        });
        seen.push(...page.results.map((result) => result.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
  });
});
