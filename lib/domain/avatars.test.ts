import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { LocalFileStorage, fileStorage } from "../storage";
import { makeCommunity } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { readAvatar, readChannelAvatar, setChannelAvatar, setCommunityAvatar } from "./avatars";
import { createChannel, deleteChannel, toChannelDTO } from "./channels";

const photo = () =>
  sharp({ create: { width: 800, height: 400, channels: 3, background: "#3366ff" } })
    .jpeg()
    .withExif({ IFD0: { Copyright: "secret location", Artist: "someone" } })
    .toBuffer();

describe("community avatars", () => {
  it("re-encodes an image to a 256×256 WebP without its metadata, and replaces the old one", async () => {
    const { owner, community } = await makeCommunity();
    const input = await photo();
    expect((await sharp(input).metadata()).exif).toBeTruthy();
    const first = await setCommunityAvatar(owner, community.id, input);
    expect(first.avatarUrl).toMatch(new RegExp(`^/api/files/avatars/${community.id}/[0-9A-Z]{26}\\.webp$`));
    const stored = await readAvatar(first.avatarUrl!.replace("/api/files/", ""));
    const meta = await sharp(stored!).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();

    const second = await setCommunityAvatar(
      owner,
      community.id,
      await sharp({ create: { width: 300, height: 300, channels: 4, background: "#0f0" } })
        .png()
        .toBuffer(),
    );
    expect(second.avatarUrl).not.toBe(first.avatarUrl);
    expect(await readAvatar(first.avatarUrl!.replace("/api/files/", ""))).toBeNull();
  });

  it("refuses empty, oversized and non-image files (judged by bytes, not name), and non-managers", async () => {
    const { owner, community, members } = await makeCommunity(1);
    await expect(setCommunityAvatar(owner, community.id, Buffer.alloc(0))).rejects.toMatchObject({
      code: ErrorCode.UNSUPPORTED_FILE,
      message: "The file is empty.",
    });
    await expect(
      setCommunityAvatar(owner, community.id, Buffer.from("<?php echo 'not a png'; ?>")),
    ).rejects.toMatchObject({
      code: ErrorCode.UNSUPPORTED_FILE,
      message: "That file is not an image we can use (PNG, JPEG, WebP, GIF or AVIF).",
    });
    await expect(setCommunityAvatar(owner, community.id, Buffer.alloc(8 * 1024 * 1024 + 1))).rejects.toMatchObject({
      code: ErrorCode.FILE_TOO_LARGE,
    });
    await expect(setCommunityAvatar(members[0], community.id, await photo())).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    expect((await db.community.findUniqueOrThrow({ where: { id: community.id } })).avatarPath).toBeNull();
  });

  it("storage never writes or reads outside its folder", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "storage-"));
    const storage = new LocalFileStorage(root);
    for (const key of ["../escape", "/etc/passwd", "avatars/../../x", "a\0b", "", "avatars//x", "..\\x"]) {
      await expect(storage.put(key, Buffer.from("x"))).rejects.toThrow(/Unsafe storage key|escapes/);
    }
    expect(fs.readdirSync(path.dirname(root)).filter((f) => f === "escape")).toEqual([]);
    expect(await readAvatar("../../etc/passwd")).toBeNull();
    expect(await readAvatar("avatars/../../../etc/passwd")).toBeNull();
    expect(fileStorage()).toBeTruthy();
  });
});

describe("channel avatars", () => {
  const square = (color: string) =>
    sharp({ create: { width: 300, height: 200, channels: 3, background: color } })
      .png()
      .toBuffer();
  const keyOf = async (channelId: string) =>
    (await db.channel.findUniqueOrThrow({ where: { id: channelId } })).avatarPath;

  it("the same pipeline as a community's; served only to readers, never by the public file route", async () => {
    const w = await makeWorld();
    const { owner, admin, member, member2 } = w.actors;
    const secret = await createChannel(owner, {
      communityId: w.communityId,
      name: "vault",
      kind: "PRIVATE",
      memberIds: [member.userId],
    });
    const first = await setChannelAvatar(admin, secret.id, await photo());
    expect(first.avatarUrl).toMatch(new RegExp(`^/api/channels/${secret.id}/avatar\\?v=[0-9A-Z]{26}$`));
    const key = (await keyOf(secret.id))!;
    expect(key).toMatch(new RegExp(`^channel-avatars/${secret.id}/[0-9A-Z]{26}\\.webp$`));
    expect(toChannelDTO(await db.channel.findUniqueOrThrow({ where: { id: secret.id } })).avatarUrl).toBe(
      first.avatarUrl,
    );

    const bytes = await readChannelAvatar(member, secret.id);
    const meta = await sharp(bytes!).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(await readAvatar(key)).toBeNull(); // the public route serves community avatars only
    await expect(readChannelAvatar(member2, secret.id)).rejects.toMatchObject({ code: ErrorCode.CHANNEL_NOT_FOUND });
    await expect(readChannelAvatar(w.actors.outsider, secret.id)).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    expect(await readChannelAvatar(member, w.generalChannelId)).toBeNull();

    const second = await setChannelAvatar(owner, secret.id, await square("#0f0"));
    expect(second.avatarUrl).not.toBe(first.avatarUrl);
    expect(await fileStorage().get(key)).toBeNull();
    const secondKey = (await keyOf(secret.id))!;
    await deleteChannel(owner, secret.id);
    expect(await fileStorage().get(secondKey)).toBeNull();
  });

  it("refuses non-images, oversized files, non-managers and (as 'does not exist') non-readers of a private channel", async () => {
    const w = await makeWorld();
    const { owner, member, member2 } = w.actors;
    const secret = await createChannel(owner, {
      communityId: w.communityId,
      name: "vault",
      kind: "PRIVATE",
      memberIds: [member.userId],
    });
    await expect(setChannelAvatar(owner, secret.id, Buffer.from("GIF89a but not really"))).rejects.toMatchObject({
      code: ErrorCode.UNSUPPORTED_FILE,
    });
    await expect(setChannelAvatar(owner, secret.id, Buffer.alloc(0))).rejects.toMatchObject({
      code: ErrorCode.UNSUPPORTED_FILE,
    });
    await expect(setChannelAvatar(owner, secret.id, Buffer.alloc(8 * 1024 * 1024 + 1))).rejects.toMatchObject({
      code: ErrorCode.FILE_TOO_LARGE,
    });
    await expect(setChannelAvatar(member, secret.id, await square("#00f"))).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(setChannelAvatar(member, w.generalChannelId, await square("#00f"))).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(setChannelAvatar(member2, secret.id, await square("#00f"))).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    await expect(setChannelAvatar(w.actors.outsider, w.generalChannelId, await square("#00f"))).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(setChannelAvatar(owner, "no-such-channel", await square("#00f"))).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    expect(await keyOf(secret.id)).toBeNull();
    expect(fs.existsSync(path.join(process.env.UPLOAD_DIR!, "channel-avatars", secret.id))).toBe(false); // refused before storing
  });
});
