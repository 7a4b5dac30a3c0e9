import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode, toResult } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { fileStorage } from "../storage";
import { makeCommunity, nonce } from "../testing/factories";
import { createChannel } from "./channels";
import { makeWorld } from "../testing/world";
import type { Actor } from "./actor";
import { sendAttachment } from "./attachments";
import { readAttachment } from "../testing/reads";
import { cleanFileName } from "./internal/attachment-files";
import { deleteMessage, editMessage, listMessages, sendMessage } from "./messages";
import { listPins, pinMessage } from "./pins";
import { reactToMessage } from "./reactions";

const usernameOf = async (actor: Actor) => (await db.user.findUniqueOrThrow({ where: { id: actor.userId } })).username;

async function privateChannel(communityId: string, readers: Actor[]) {
  const channel = await db.channel.create({ data: { id: newId(), communityId, name: "secret", kind: "PRIVATE" } });
  await db.channelMember.createMany({ data: readers.map((r) => ({ channelId: channel.id, userId: r.userId })) });
  return channel.id;
}

const send = (actor: Actor, channelId: string, content: string, extra: { replyToId?: string } = {}) =>
  sendMessage(actor, { channelId, content, nonce: nonce(), ...extra });

describe("replies and history around a message", () => {
  it("a reply quotes its original; a deleted original shows as unavailable; replies stay in their channel", async () => {
    const { actors, generalChannelId, communityId } = await makeWorld();
    const original = await send(actors.member, generalChannelId, "**the original** with a long tail ".repeat(20));
    const reply = await send(actors.member2, generalChannelId, "agreed", { replyToId: original.id });
    expect(reply.replyTo).toMatchObject({ id: original.id, author: { id: actors.member.userId }, unavailable: false });
    expect(Array.from(reply.replyTo!.content)).toHaveLength(200);

    const other = await privateChannel(communityId, [actors.member]);
    await expect(send(actors.member, other, "cross", { replyToId: original.id })).rejects.toMatchObject({
      code: ErrorCode.REPLY_TARGET_INVALID,
    });
    await expect(
      send(actors.member, generalChannelId, "ghost", { replyToId: "no-such-message" }),
    ).rejects.toMatchObject({
      code: ErrorCode.REPLY_TARGET_INVALID,
    });

    await deleteMessage(actors.member, original.id);
    const page = await listMessages(actors.member2, { channelId: generalChannelId });
    expect(page.messages.find((m) => m.id === reply.id)!.replyTo).toMatchObject({
      id: original.id,
      unavailable: true,
      content: "",
    });
    await expect(send(actors.member2, generalChannelId, "late", { replyToId: original.id })).rejects.toMatchObject({
      code: ErrorCode.REPLY_TARGET_INVALID,
    });
  });

  it("a page around a message holds it in the middle, and paging both ways from there covers all once", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const ids: string[] = [];
    for (let i = 0; i < 130; i++) ids.push((await send(actors.owner, generalChannelId, `m${i}`)).id);
    const target = ids[60];
    const around = await listMessages(actors.member, { channelId: generalChannelId, around: target, limit: 20 });
    const got = around.messages.map((m) => m.id);
    expect(got).toEqual(ids.slice(50, 70));
    expect(around).toMatchObject({ hasOlder: true, hasNewer: true });

    const seen = [...got];
    let page = around;
    while (page.hasOlder) {
      page = await listMessages(actors.member, { channelId: generalChannelId, before: seen[0], limit: 25 });
      seen.unshift(...page.messages.map((m) => m.id));
    }
    page = around;
    while (page.hasNewer) {
      page = await listMessages(actors.member, { channelId: generalChannelId, after: seen.at(-1), limit: 25 });
      seen.push(...page.messages.map((m) => m.id));
    }
    expect(seen).toEqual(ids);

    const edge = await listMessages(actors.member, { channelId: generalChannelId, around: ids[1], limit: 10 });
    expect(edge.messages.map((m) => m.id)).toEqual(ids.slice(0, 6));
    expect(edge).toMatchObject({ hasOlder: false, hasNewer: true });
  });

  it("history around a message of a private channel is refused to non-readers", async () => {
    const { actors, communityId } = await makeWorld();
    const secret = await privateChannel(communityId, [actors.member]);
    const message = await send(actors.member, secret, "hidden");
    await expect(listMessages(actors.member2, { channelId: secret, around: message.id })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
  });
});

describe("mentions", () => {
  it("resolve @username to readers of the channel only, never inside code, case-insensitively", async () => {
    const { actors, generalChannelId, communityId } = await makeWorld();
    const [member2, admin, outsider, banned] = await Promise.all(
      [actors.member2, actors.admin, actors.outsider, actors.banned].map(usernameOf),
    );
    const message = await send(
      actors.member,
      generalChannelId,
      `hi @${member2.toUpperCase()} and @${admin}. not \`@${member2}\` nor @${outsider} nor @${banned} nor email@${member2}\n\`\`\`\n@${admin}\n\`\`\``,
    );
    expect(message.mentions.sort()).toEqual([admin, member2].sort());
    const stored = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(stored.mentionIds.sort()).toEqual([actors.admin.userId, actors.member2.userId].sort());

    const secret = await privateChannel(communityId, [actors.member]);
    const inPrivate = await send(actors.member, secret, `@${member2} @${admin}`);
    expect(inPrivate.mentions).toEqual([admin]); // member2 cannot read it; admins read every channel
  });

  it("@everyone and @here count only from the owner and admins; edits re-read mentions", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const member2 = await usernameOf(actors.member2);
    expect((await send(actors.member, generalChannelId, "@everyone look")).mentionsEveryone).toBe(false);
    expect((await send(actors.admin, generalChannelId, "@here look")).mentionsEveryone).toBe(true);
    expect((await send(actors.owner, generalChannelId, "`@everyone` in code")).mentionsEveryone).toBe(false);
    const plain = await send(actors.member, generalChannelId, "nobody");
    const edited = await editMessage(actors.member, { messageId: plain.id, content: `now @${member2}` });
    expect(edited.mentions).toEqual([member2]);
  });
});

describe("reactions", () => {
  it("toggle per user and emoji, count, mark the viewer's own, and refuse text, non-readers and removed messages", async () => {
    const { actors, generalChannelId, communityId } = await makeWorld();
    const message = await send(actors.member, generalChannelId, "react to me");
    await reactToMessage(actors.member, { messageId: message.id, emoji: "👍", add: true });
    await reactToMessage(actors.member2, { messageId: message.id, emoji: "👍", add: true });
    await reactToMessage(actors.member2, { messageId: message.id, emoji: "👍", add: true }); // twice: still one
    await reactToMessage(actors.muted, { messageId: message.id, emoji: "🎉", add: true }); // muted may react
    await reactToMessage(actors.admin, { messageId: message.id, emoji: "👨‍👩‍👧", add: true });

    const seenBy = async (actor: Actor) =>
      (await listMessages(actor, { channelId: generalChannelId })).messages.find((m) => m.id === message.id)!.reactions;
    expect(await seenBy(actors.member2)).toEqual([
      {
        emoji: "👍",
        count: 2,
        me: true,
        users: [
          expect.objectContaining({ id: actors.member.userId }),
          expect.objectContaining({ id: actors.member2.userId }),
        ],
      },
      { emoji: "🎉", count: 1, me: false, users: [expect.objectContaining({ id: actors.muted.userId })] },
      { emoji: "👨‍👩‍👧", count: 1, me: false, users: [expect.objectContaining({ id: actors.admin.userId })] },
    ]);
    await reactToMessage(actors.member2, { messageId: message.id, emoji: "👍", add: false });
    expect((await seenBy(actors.member2))[0]).toMatchObject({ emoji: "👍", count: 1, me: false });

    for (const emoji of ["lol", "<img src=x>", "👍lol", ""]) {
      expect(
        await toResult(() => reactToMessage(actors.member, { messageId: message.id, emoji, add: true })),
      ).toMatchObject({
        ok: false,
        code: ErrorCode.INVALID_INPUT,
      });
    }
    await expect(
      reactToMessage(actors.outsider, { messageId: message.id, emoji: "👍", add: true }),
    ).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    const secret = await privateChannel(communityId, [actors.member]);
    const hidden = await send(actors.member, secret, "hidden");
    await expect(
      reactToMessage(actors.member2, { messageId: hidden.id, emoji: "👍", add: true }),
    ).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    await deleteMessage(actors.owner, message.id); // removal
    await expect(
      reactToMessage(actors.member, { messageId: message.id, emoji: "👍", add: true }),
    ).rejects.toMatchObject({ code: ErrorCode.NO_PERMISSION });
  });

  it("a message carries at most 20 different emoji", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const message = await send(actors.member, generalChannelId, "so many");
    const emoji = Array.from("😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲😚🙂🤗");
    for (const e of emoji.slice(0, limits.reactionsPerMessage))
      await reactToMessage(actors.member, { messageId: message.id, emoji: e, add: true });
    await expect(
      reactToMessage(actors.member2, { messageId: message.id, emoji: emoji[20], add: true }),
    ).rejects.toMatchObject({
      code: ErrorCode.REACTION_LIMIT,
    });
    await reactToMessage(actors.member2, { messageId: message.id, emoji: emoji[0], add: true }); // an existing one is fine
  });

  it("of 26 distinct emoji added at once exactly 20 are stored; the others get 6002037", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const message = await send(actors.member, generalChannelId, "race for reactions");
    const emoji = Array.from("😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙🥲😚🙂🤗🤩🤔🫡🤨😐");
    expect(emoji).toHaveLength(26);
    const reactors = [actors.owner, actors.admin, actors.member, actors.member2];
    const results = await Promise.allSettled(
      emoji.map((e, i) =>
        reactToMessage(reactors[i % reactors.length], { messageId: message.id, emoji: e, add: true }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(limits.reactionsPerMessage);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.REACTION_LIMIT });
    const stored = await db.reaction.findMany({ where: { messageId: message.id }, distinct: ["emoji"] });
    expect(stored).toHaveLength(limits.reactionsPerMessage);
  });
});

describe("pins and system messages", () => {
  it("joining and creating a channel post system messages", async () => {
    const { owner, community, generalChannelId, members } = await makeCommunity(1);
    const general = await listMessages(owner, { channelId: generalChannelId });
    expect(general.messages.at(-1)).toMatchObject({
      type: "SYSTEM",
      system: { kind: "memberJoined" },
      author: { id: members[0].userId },
    });
    const channel = await createChannel(owner, { communityId: community.id, name: "announcements" });
    const first = await listMessages(members[0], { channelId: channel.id });
    expect(first.messages).toEqual([
      expect.objectContaining({ type: "SYSTEM", system: { kind: "channelCreated", channelName: "announcements" } }),
    ]);
  });

  it("owner and admins pin and unpin (a system message records the pin); members cannot; the list is per channel", async () => {
    const { actors, generalChannelId, communityId } = await makeWorld();
    const message = await send(actors.member, generalChannelId, "pin me");
    await expect(pinMessage(actors.member, { messageId: message.id, pin: true })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(pinMessage(actors.admin, { messageId: message.id, pin: true })).resolves.toEqual({
      messageId: message.id,
      pinned: true,
    });
    expect((await listPins(actors.member2, generalChannelId)).map((m) => m.id)).toEqual([message.id]);
    const newest = (await listMessages(actors.member, { channelId: generalChannelId })).messages.at(-1)!;
    expect(newest).toMatchObject({
      type: "SYSTEM",
      system: { kind: "messagePinned", messageId: message.id },
      author: { id: actors.admin.userId },
    });
    await expect(
      editMessage(actors.admin, { messageId: newest.id, content: "edit a system message" }),
    ).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(deleteMessage(actors.member, newest.id)).rejects.toMatchObject({ code: ErrorCode.NO_PERMISSION });
    await expect(pinMessage(actors.admin, { messageId: newest.id, pin: true })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });

    const secret = await privateChannel(communityId, [actors.member]);
    await expect(listPins(actors.member2, secret)).rejects.toMatchObject({ code: ErrorCode.CHANNEL_NOT_FOUND });
    await expect(listPins(actors.outsider, generalChannelId)).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });

    await pinMessage(actors.owner, { messageId: message.id, pin: false });
    expect(await listPins(actors.member2, generalChannelId)).toEqual([]);
    await deleteMessage(actors.owner, newest.id); // managers may delete system messages
  });

  it("at most 50 pins per channel, even when pinned concurrently", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const ids: string[] = [];
    for (let i = 0; i < limits.pinsPerChannel + 3; i++)
      ids.push((await send(actors.owner, generalChannelId, `p${i}`)).id);
    const results = await Promise.allSettled(ids.map((id) => pinMessage(actors.owner, { messageId: id, pin: true })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(limits.pinsPerChannel);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.PIN_LIMIT });
    expect(await listPins(actors.owner, generalChannelId)).toHaveLength(limits.pinsPerChannel);
  });
});

const jpegWithSecrets = () =>
  sharp({ create: { width: 900, height: 600, channels: 3, background: "#3366ff" } })
    .jpeg()
    .withExif({ IFD0: { Copyright: "secret-exif", Artist: "someone" } })
    .toBuffer();

async function storedFiles(): Promise<string[]> {
  const root = process.env.UPLOAD_DIR!;
  const entries = await fs.readdir(root, { recursive: true }).catch(() => [] as string[]);
  return entries.map((entry) => path.join(root, entry));
}

describe("attachments", () => {
  it("an image is re-encoded without metadata, thumbnailed, and readable only by readers of its channel", async () => {
    const { actors, generalChannelId, communityId } = await makeWorld();
    const original = await jpegWithSecrets();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const message = await sendAttachment(
      actors.member,
      { channelId: generalChannelId, nonce: nonce(), caption: "look" },
      { name: "photo.jpg", bytes: original },
    );
    expect(message).toMatchObject({
      type: "IMAGE",
      content: "look",
      attachment: { fileName: "photo.jpg", mimeType: "image/jpeg", width: 900, height: 600 },
    });
    expect(message.attachment!.thumbnailUrl).toBe(`/api/attachments/${message.id}/thumbnail`);

    const full = await readAttachment(actors.member2, message.id, "original");
    expect((await sharp(full.bytes).metadata()).exif).toBeUndefined();
    expect(full.bytes.includes(Buffer.from("secret-exif"))).toBe(false);
    const thumbnail = await readAttachment(actors.member2, message.id, "thumbnail");
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({ format: "webp", width: 400 });

    await expect(readAttachment(actors.outsider, message.id, "original")).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    const secret = await privateChannel(communityId, [actors.member]);
    const hidden = await sendAttachment(
      actors.member,
      { channelId: secret, nonce: nonce() },
      { name: "x.jpg", bytes: original },
    );
    await expect(readAttachment(actors.member2, hidden.id, "original")).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    await expect(
      sendAttachment(actors.member2, { channelId: secret, nonce: nonce() }, { name: "x.jpg", bytes: original }),
    ).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    await deleteMessage(actors.owner, message.id);
    await expect(readAttachment(actors.member2, message.id, "original")).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_NOT_FOUND,
    });
  });

  it("refuses empty, oversize, disguised and muted uploads, writing nothing", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const before = await storedFiles();
    const attempt = (actor: Actor, name: string, bytes: Buffer) =>
      sendAttachment(actor, { channelId: generalChannelId, nonce: nonce() }, { name, bytes });
    await expect(attempt(actors.member, "empty.txt", Buffer.alloc(0))).rejects.toMatchObject({
      code: ErrorCode.EMPTY_FILE,
    });
    await expect(attempt(actors.member, "big.bin", Buffer.alloc(limits.attachmentBytes + 1))).rejects.toMatchObject({
      code: ErrorCode.FILE_TOO_LARGE,
      message: "Files can be at most 25 MB.",
    });
    const script = Buffer.from("<html><script>alert(1)</script></html>");
    await expect(attempt(actors.member, "cat.png", script)).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_FILE });
    await expect(attempt(actors.member, "song.mp3", script)).rejects.toMatchObject({
      code: ErrorCode.UNSUPPORTED_FILE,
    });
    const truncatedPng = (
      await sharp({ create: { width: 50, height: 50, channels: 3, background: "red" } })
        .png()
        .toBuffer()
    ).subarray(0, 60);
    await expect(attempt(actors.member, "broken.png", truncatedPng)).rejects.toMatchObject({
      code: ErrorCode.UNSUPPORTED_FILE,
    });
    await expect(attempt(actors.muted, "notes.txt", Buffer.from("hello"))).rejects.toMatchObject({
      code: ErrorCode.MUTED,
    });
    await expect(
      sendAttachment(
        actors.member,
        { channelId: generalChannelId, nonce: nonce(), kind: "voice" },
        { name: "voice.webm", bytes: Buffer.from("not audio") },
      ),
    ).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_FILE });
    expect(await storedFiles()).toEqual(before);
  });

  it("file names with path tricks are only shown, cleaned; files land under the upload folder by generated keys", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const root = path.resolve(process.env.UPLOAD_DIR!);
    for (const name of ["../../etc/passwd", "/etc/shadow", "..\\..\\windows\\win.ini", "evil\u0000.txt", "...", ""]) {
      const message = await sendAttachment(
        actors.member,
        { channelId: generalChannelId, nonce: nonce() },
        { name, bytes: Buffer.from("plain text") },
      );
      expect(message.type).toBe("FILE");
      expect(message.attachment!.fileName).not.toMatch(/[/\\\u0000]|^\./);
      const row = await db.attachment.findUniqueOrThrow({ where: { messageId: message.id } });
      expect(row.key).toMatch(new RegExp(`^attachments/${generalChannelId}/${message.id}/original\\.bin$`));
      expect(await fileStorage().get(row.key)).toEqual(Buffer.from("plain text"));
    }
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("evil\u0000.txt")).toBe("evil.txt");
    expect(cleanFileName("")).toBe("file");
    for (const file of await storedFiles()) expect(path.resolve(file).startsWith(root + path.sep)).toBe(true);
    await expect(fs.access("/etc/passwd.bin")).rejects.toThrow();
  });

  it("video is judged by its bytes (WebM, MP4) and served inline; a voice recording must be audio", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const webm = Buffer.from("1a45dfa3a34286810142f7810142f2810442f381084282847765626d4287810442858102", "hex");
    const mp4 = Buffer.from("00000018667479706d703432000000006d70343269736f6d", "hex");
    const clip = await sendAttachment(
      actors.member,
      { channelId: generalChannelId, nonce: nonce() },
      { name: "clip.bin", bytes: webm },
    );
    // only a header: still a video, with no size or duration to tell
    expect(clip).toMatchObject({
      type: "VIDEO",
      attachment: { mimeType: "video/webm", width: null, height: null, durationMs: null },
    });
    const movie = await sendAttachment(
      actors.member,
      { channelId: generalChannelId, nonce: nonce() },
      { name: "movie.mp4", bytes: mp4 },
    );
    expect(movie).toMatchObject({
      type: "VIDEO",
      attachment: { mimeType: "video/mp4", fileName: "movie.mp4", width: null, height: null, durationMs: null },
    });
    expect(await readAttachment(actors.member2, movie.id, "original")).toMatchObject({
      inline: true,
      mimeType: "video/mp4",
    });
    // a browser recording (WebM container) sent as a voice message is stored as audio with its duration
    const voice = await sendAttachment(
      actors.member,
      { channelId: generalChannelId, nonce: nonce(), kind: "voice", durationMs: 4200 },
      { name: "voice.webm", bytes: webm },
    );
    expect(voice).toMatchObject({ type: "VOICE", attachment: { mimeType: "audio/webm", durationMs: 4200 } });
    // other files download rather than render
    const page = await sendAttachment(
      actors.member,
      { channelId: generalChannelId, nonce: nonce() },
      { name: "page.html", bytes: Buffer.from("<html><script>alert(1)</script>") },
    );
    expect(page.type).toBe("FILE");
    expect(await readAttachment(actors.member2, page.id, "original")).toMatchObject({ inline: false });
  });

  it("a video's size (turned as it is shown) and duration are judged from its bytes; unreadable ones go through without", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const fixture = (name: string) => fs.readFile(path.join(import.meta.dirname, "../testing/fixtures", name));
    const sendVideo = async (name: string, bytes: Buffer) =>
      sendAttachment(actors.member, { channelId: generalChannelId, nonce: nonce() }, { name, bytes });
    const cases = [
      ["video-320x180.mp4", "video/mp4", 320, 180, 1500],
      ["video-320x180.mov", "video/quicktime", 320, 180, 1000],
      ["video-320x180-rotated.mp4", "video/mp4", 180, 320, 1000], // stored 320×180, marked to be shown turned a quarter
      ["video-240x320.webm", "video/webm", 240, 320, 2000],
      ["video-240x320-live.webm", "video/webm", 240, 320, 2000], // as browsers record: no duration in the header
    ] as const;
    const sent = new Map<string, { width: number; height: number; durationMs: number }>();
    for (const [name, mimeType, width, height, durationMs] of cases) {
      const message = await sendVideo(name, await fixture(name));
      expect(message, name).toMatchObject({ type: "VIDEO", attachment: { mimeType, width, height } });
      expect(Math.abs(message.attachment!.durationMs! - durationMs), name).toBeLessThanOrEqual(100);
      sent.set(message.id, { width, height, durationMs: message.attachment!.durationMs! });
    }
    // stored: the list shows the same box before anything loads
    const page = await listMessages(actors.member2, { channelId: generalChannelId });
    for (const [id, facts] of sent) expect(page.messages.find((m) => m.id === id)!.attachment).toMatchObject(facts);

    // cut short before its index (a QuickTime file keeps it at the end): still a video, nothing to tell
    const cut = (await fixture("video-320x180.mov")).subarray(0, 4000);
    expect(await sendVideo("cut.mov", cut)).toMatchObject({
      type: "VIDEO",
      attachment: { mimeType: "video/quicktime", width: null, height: null, durationMs: null },
    });
    // a sample table claiming four billion samples: the reader runs out of room in its own thread, the
    // size read before that is kept, and the server carries on
    const bomb = Buffer.from(await fixture("video-320x180.mp4"));
    bomb.writeUInt32BE(0xffffffff, bomb.indexOf("stts") + 12);
    expect(await sendVideo("bomb.mp4", bomb)).toMatchObject({
      type: "VIDEO",
      attachment: { width: 320, height: 180, durationMs: null },
    });
  });

  it("the same nonce twice stores one message and one file", async () => {
    const { actors, generalChannelId } = await makeWorld();
    const same = nonce();
    const bytes = await jpegWithSecrets();
    const [a, b] = await Promise.all([
      sendAttachment(actors.member, { channelId: generalChannelId, nonce: same }, { name: "a.jpg", bytes }),
      sendAttachment(actors.member, { channelId: generalChannelId, nonce: same }, { name: "a.jpg", bytes }),
    ]);
    expect(a.id).toBe(b.id);
    const folder = path.join(process.env.UPLOAD_DIR!, "attachments", generalChannelId);
    expect(await fs.readdir(folder)).toEqual([a.id]);
  });
});
