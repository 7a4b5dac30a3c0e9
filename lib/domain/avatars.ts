import sharp from "sharp";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { fileStorage } from "../storage";
import { idSchema } from "../schemas/community";
import { requireManager } from "./access";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { getCommunitySettings } from "./communities";

const acceptedFormats = new Set(["jpeg", "png", "webp", "gif", "avif"]);

/**
 * Owner and admins: sets the community's avatar. The type is judged from the bytes (never the
 * name); the image is re-encoded to a 256×256 WebP, which drops its metadata.
 */
export async function setCommunityAvatar(actor: Actor, communityId: string, bytes: Buffer) {
  const id = idSchema.parse(communityId);
  await requireManager(actor, id);
  if (bytes.length === 0) throw new AppError(ErrorCode.UNSUPPORTED_FILE, "The file is empty.");
  if (bytes.length > limits.avatarBytes) {
    throw new AppError(ErrorCode.FILE_TOO_LARGE, `Avatars can be at most ${limits.avatarBytes / 1024 / 1024} MB.`);
  }
  let image: Buffer;
  try {
    const metadata = await sharp(bytes).metadata();
    if (!metadata.format || !acceptedFormats.has(metadata.format)) throw new Error("format");
    image = await sharp(bytes, { animated: false })
      .rotate()
      .resize(limits.avatarPixels, limits.avatarPixels, { fit: "cover" })
      .webp({ quality: 85 })
      .toBuffer();
  } catch {
    throw new AppError(ErrorCode.UNSUPPORTED_FILE, "That file is not an image we can use (PNG, JPEG, WebP, GIF or AVIF).");
  }
  const key = `avatars/${id}/${newId()}.webp`;
  await fileStorage().put(key, image);
  const previous = await db.$transaction(async (tx) => {
    await requireManager(actor, id, tx);
    const before = await tx.community.findUniqueOrThrow({ where: { id }, select: { avatarPath: true } });
    await tx.community.update({ where: { id }, data: { avatarPath: key } });
    await recordAudit(tx, { communityId: id, actorId: actor.userId, action: "community.update", details: { avatar: true } });
    return before.avatarPath;
  });
  if (previous) await fileStorage().delete(previous).catch(() => {});
  const { community } = await getCommunitySettings(actor, id);
  publish(rooms.community(id), "community:updated", community);
  return community;
}

/** Anyone: an avatar's bytes (avatars are shown on public invite and discovery pages). */
export async function readAvatar(key: string): Promise<Buffer | null> {
  if (!key.startsWith("avatars/")) return null;
  try {
    return await fileStorage().get(key);
  } catch {
    return null;
  }
}
