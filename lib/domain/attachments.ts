import type { z } from "zod";
import { db } from "../db";
import type { MessageDTO } from "../dto";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { attachmentFieldsSchema, type AttachmentFields } from "../schemas/message";
import { fileStorage } from "../storage";
import { requireReadableChannel } from "./access";
import type { Actor } from "./actor";
import { audienceChannel } from "./internal/access";
import { cleanFileName, prepareAttachment } from "./internal/attachment-files";
import {
  checkedContent,
  checkedReplyTarget,
  findByNonce,
  publishNew,
  readableMessage,
  resolveMentions,
} from "./internal/messages";
import { sendGate } from "./internal/send-gate";
import { requireCanSend } from "./internal/send-policy";
import { isUniqueViolation } from "./internal/transaction";

/**
 * Readers who may send: one attachment as its own message (image, video, voice or file), with an
 * optional caption and reply. The size is bounded (25 MB by default), the type judged from the
 * bytes, and the file kept in storage under a key the app makes (the name is only shown).
 * Idempotent per nonce like text sends, and through the same bounded queue of sends.
 */
export async function sendAttachment(
  actor: Actor,
  input: AttachmentFields,
  file: { name: string; bytes: Buffer },
): Promise<MessageDTO> {
  const fields = attachmentFieldsSchema.parse(input);
  return sendGate().run(() => storeAttachment(actor, fields, file));
}

async function storeAttachment(
  actor: Actor,
  fields: z.output<typeof attachmentFieldsSchema>,
  file: { name: string; bytes: Buffer },
): Promise<MessageDTO> {
  const access = await requireReadableChannel(actor, fields.channelId);
  const earlier = await findByNonce(actor.userId, fields.nonce, fields.channelId);
  if (earlier) return earlier;

  if (file.bytes.length === 0) throw new AppError(ErrorCode.EMPTY_FILE, "This file is empty.");
  if (file.bytes.length > limits.attachmentBytes) {
    throw new AppError(ErrorCode.FILE_TOO_LARGE, `Files can be at most ${formatMegabytes(limits.attachmentBytes)}.`);
  }
  const caption = checkedContent(fields.caption, { allowEmpty: true });
  const fileName = cleanFileName(file.name);
  const prepared = await prepareAttachment(file.bytes, fileName, fields.kind);
  const delivery = await requireCanSend(access, { isSend: true });
  try {
    const { channel, member, thread } = access;
    const replyToId = (await checkedReplyTarget(channel.id, fields.replyToId))?.id;
    const { mentionNames: _, ...mentions } = await resolveMentions(
      caption,
      audienceChannel(channel, thread),
      member.role,
    );

    const id = newId();
    const folder = `attachments/${channel.id}/${id}`;
    const key = `${folder}/original.${prepared.extension.replace(/[^a-z0-9]/gi, "") || "bin"}`;
    const thumbnailKey = prepared.thumbnail ? `${folder}/thumbnail.webp` : null;
    const storage = fileStorage();
    await storage.put(key, prepared.bytes);
    if (thumbnailKey && prepared.thumbnail) await storage.put(thumbnailKey, prepared.thumbnail);
    const discardFiles = () =>
      Promise.all([storage.delete(key), thumbnailKey ? storage.delete(thumbnailKey) : null]).catch(() => {});

    let row;
    try {
      row = await db.message.create({
        data: {
          id,
          channelId: channel.id,
          authorId: actor.userId,
          type: prepared.type,
          content: caption,
          nonce: fields.nonce,
          replyToId,
          ...mentions,
          attachment: {
            create: {
              key,
              thumbnailKey,
              fileName,
              mimeType: prepared.mimeType,
              size: prepared.bytes.length,
              width: prepared.width ?? null,
              height: prepared.height ?? null,
              durationMs: prepared.type === "VIDEO" ? (prepared.durationMs ?? null) : (fields.durationMs ?? null),
            },
          },
        },
      });
    } catch (error) {
      await discardFiles();
      const winner = isUniqueViolation(error) ? await findByNonce(actor.userId, fields.nonce, fields.channelId) : null;
      if (winner) return winner;
      throw error;
    }
    // stored: counted (for the channel a thread belongs to) before anything else can fail
    delivery.commit({
      channelId: audienceChannel(channel, thread).id,
      communityId: channel.communityId,
      authorId: actor.userId,
    });
    const message = await publishNew(row, channel, thread);
    return message;
  } finally {
    delivery.cancel(); // not stored: not counted
  }
}

const formatMegabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Readers of the channel: where an attachment is stored (the original or an image's thumbnail) and
 * its size, with what the route needs to serve it safely; the route streams it from storage.
 * Removed or deleted messages have none (6002012).
 */
export async function openAttachment(actor: Actor, messageId: string, variant: "original" | "thumbnail") {
  const { message } = await readableMessage(actor, messageId);
  const attachment = message.attachment;
  if (!attachment || message.removedAt)
    throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This file does not exist or was removed.");
  const key = variant === "thumbnail" ? attachment.thumbnailKey : attachment.key;
  const stat = key ? await fileStorage().stat(key) : null;
  if (!key || !stat) throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This file does not exist or was removed.");
  return {
    key,
    size: stat.size,
    mimeType: variant === "thumbnail" ? "image/webp" : attachment.mimeType,
    fileName: attachment.fileName,
    /** shown in the page (images, video, audio) rather than downloaded */
    inline: message.type !== "FILE" || /^(audio|video)\//.test(attachment.mimeType),
  };
}
