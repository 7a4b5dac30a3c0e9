import { Worker } from "node:worker_threads";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { db } from "../db";
import type { MessageDTO, MessageType } from "../dto";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { attachmentFieldsSchema, type AttachmentFields } from "../schemas/message";
import { fileStorage } from "../storage";
import { audienceChannel, requireReadableChannel } from "./access";
import { isUniqueViolation, type Actor } from "./actor";
import { checkedContent, checkedReplyTarget, findByNonce, publishNew, readableMessage, requireCanSend, resolveMentions } from "./messages";
import { messageInclude } from "./message-view";

const imageFormats: Record<string, "jpeg" | "png" | "webp" | "gif"> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/avif": "webp",
};
const videoTypes = new Set(["video/mp4", "video/webm", "video/quicktime"]);
const imageNames = /\.(png|jpe?g|gif|webp|avif|bmp|svg|heic)$/i;
const mediaNames = /\.(mp4|webm|mov|m4v|mkv|mp3|m4a|ogg|oga|opus|wav|flac|aac)$/i;

/** The uploader's name made safe to show: no folders, no control characters, bounded length. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(/^[.\s]+/, "")
    .trim();
  return Array.from(cleaned).slice(0, limits.attachmentFileNameLength).join("") || "file";
}

type Prepared = {
  type: Exclude<MessageType, "TEXT" | "SYSTEM">;
  mimeType: string;
  extension: string;
  bytes: Buffer;
  thumbnail?: Buffer;
  width?: number | null;
  height?: number | null;
  /** videos only: judged from the file; voice messages keep the recorder's own count */
  durationMs?: number | null;
};

/** Judges the file by its bytes (never its name) and re-encodes images, which drops their metadata. */
async function prepare(bytes: Buffer, fileName: string, kind: "voice" | "file"): Promise<Prepared> {
  const detected = await fileTypeFromBuffer(bytes);
  const mime = detected?.mime ?? "application/octet-stream";

  if (kind === "voice") {
    if (!mime.startsWith("audio/") && mime !== "video/webm") {
      throw new AppError(ErrorCode.UNSUPPORTED_FILE, "A voice message must be an audio recording.");
    }
    return { type: "VOICE", mimeType: mime === "video/webm" ? "audio/webm" : mime, extension: detected?.ext ?? "bin", bytes };
  }

  const format = imageFormats[mime];
  if (format) {
    try {
      const animated = format === "gif" || format === "webp";
      const image = sharp(bytes, { animated, limitInputPixels: 100_000_000 }).rotate();
      const box = { width: limits.imagePixels, height: limits.imagePixels, fit: "inside" as const, withoutEnlargement: true };
      const { data, info } = await image.clone().resize(box).toFormat(format).toBuffer({ resolveWithObject: true });
      const thumbnail = await sharp(data, { animated })
        .resize({ width: limits.thumbnailPixels, height: limits.thumbnailPixels, fit: "inside", withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
      const height = info.pageHeight ?? info.height;
      return { type: "IMAGE", mimeType: `image/${format}`, extension: format === "jpeg" ? "jpg" : format, bytes: data, thumbnail, width: info.width, height };
    } catch {
      throw new AppError(ErrorCode.UNSUPPORTED_FILE, "This image could not be read. It may be damaged.");
    }
  }
  if (imageNames.test(fileName) || (mediaNames.test(fileName) && !mime.startsWith("audio/") && !mime.startsWith("video/"))) {
    throw new AppError(
      ErrorCode.UNSUPPORTED_FILE,
      `“${fileName}” is named like ${imageNames.test(fileName) ? "an image" : "a media file"}, but its contents are not ${imageNames.test(fileName) ? "a supported image (PNG, JPEG, GIF, WebP or AVIF)" : "audio or video"}.`,
    );
  }
  if (videoTypes.has(mime)) {
    const { width, height, durationMs } = await videoFacts(bytes);
    return { type: "VIDEO", mimeType: mime, extension: detected!.ext, bytes, width, height, durationMs };
  }
  return { type: "FILE", mimeType: mime, extension: detected?.ext ?? "bin", bytes };
}

/**
 * Read in a worker thread: media parsers can be driven to use unbounded memory by a small crafted file
 * (huge sample counts in an MP4's tables), and a worker has a heap limit and a deadline the server does
 * not. The code is a string so bundlers leave it alone, and `mediabunny` resolves from the working
 * directory (the project root under the npm scripts; from anywhere else the import fails and videos get
 * no size). Only the MP4, QuickTime and Matroska/WebM readers are offered (never HLS, which fetches).
 * The picture size is posted before the duration, which may need the sample tables.
 */
const videoProbeSource = `
import("node:worker_threads").then(async ({ parentPort, workerData }) => {
  try {
    const { Input, BufferSource, MP4, QTFF, MATROSKA, WEBM } = await import("mediabunny");
    const input = new Input({ source: new BufferSource(workerData), formats: [MP4, QTFF, WEBM, MATROSKA] });
    const track = await input.getPrimaryVideoTrack();
    if (track) parentPort.postMessage({ width: track.displayWidth, height: track.displayHeight });
    parentPort.postMessage({ durationMs: (await input.computeDuration()) * 1000 });
  } catch {}
  parentPort.postMessage({ done: true });
});
`;
const videoProbe = { timeoutMs: 3_000, heapMb: 64, atOnce: 2, maxSide: 16_384, maxDurationMs: 24 * 60 * 60 * 1000 };

type VideoFacts = { width: number | null; height: number | null; durationMs: number | null };

/**
 * A video's display size (rotation applied) and duration, from its bytes. Never fails: whatever cannot
 * be read in time, within the worker's memory, or is out of range is null.
 */
async function videoFacts(bytes: Buffer): Promise<VideoFacts> {
  const found = await probeSlot(() => probeVideo(bytes));
  const side = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? Math.round(value) : 0);
  const [width, height] = [side(found.width), side(found.height)];
  const sized = width >= 1 && width <= videoProbe.maxSide && height >= 1 && height <= videoProbe.maxSide;
  const ms = typeof found.durationMs === "number" && Number.isFinite(found.durationMs) ? Math.round(found.durationMs) : 0;
  return {
    width: sized ? width : null,
    height: sized ? height : null,
    // 0 is what a reader reports when it found no samples (header-only or fragmented without them)
    durationMs: ms >= 1 && ms <= videoProbe.maxDurationMs ? ms : null,
  };
}

function probeVideo(bytes: Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const found: Record<string, unknown> = {};
    let worker: Worker;
    try {
      const copy = new Uint8Array(bytes); // the worker's own copy, moved rather than cloned
      worker = new Worker(videoProbeSource, {
        eval: true,
        workerData: copy,
        transferList: [copy.buffer],
        execArgv: [],
        stdout: true,
        stderr: true,
        resourceLimits: { maxOldGenerationSizeMb: videoProbe.heapMb, maxYoungGenerationSizeMb: 16 },
      });
    } catch {
      return resolve(found);
    }
    const finish = () => {
      clearTimeout(deadline);
      void worker.terminate().catch(() => {});
      resolve(found);
    };
    const deadline = setTimeout(finish, videoProbe.timeoutMs);
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on("message", (message: unknown) => {
      if (!message || typeof message !== "object") return;
      if ("done" in message) finish();
      else Object.assign(found, message);
    });
    worker.once("error", finish); // out of memory, or the reader threw outside the catch
    worker.once("exit", finish);
  });
}

/** At most a few probes at once (each a thread with its own copy of the file); the rest wait their turn. */
let probesRunning = 0;
const probesWaiting: Array<() => void> = [];
async function probeSlot<T>(task: () => Promise<T>): Promise<T> {
  if (probesRunning < videoProbe.atOnce) probesRunning++;
  else await new Promise<void>((turn) => probesWaiting.push(turn)); // the slot is handed over as it is
  try {
    return await task();
  } finally {
    const next = probesWaiting.shift();
    if (next) next();
    else probesRunning--;
  }
}

/**
 * Readers who may send: one attachment as its own message (image, video, voice or file), with an
 * optional caption and reply. The size is bounded (25 MB by default), the type judged from the
 * bytes, and the file kept in storage under a key the app makes (the name is only shown).
 * Idempotent per nonce like text sends.
 */
export async function sendAttachment(actor: Actor, input: AttachmentFields, file: { name: string; bytes: Buffer }): Promise<MessageDTO> {
  const fields = attachmentFieldsSchema.parse(input);
  const access = await requireReadableChannel(actor, fields.channelId);
  const earlier = await findByNonce(actor.userId, fields.nonce, fields.channelId);
  if (earlier) return earlier;

  if (file.bytes.length === 0) throw new AppError(ErrorCode.EMPTY_FILE, "This file is empty.");
  if (file.bytes.length > limits.attachmentBytes) {
    throw new AppError(ErrorCode.FILE_TOO_LARGE, `Files can be at most ${formatMegabytes(limits.attachmentBytes)}.`);
  }
  const caption = checkedContent(fields.caption, { allowEmpty: true });
  const fileName = cleanFileName(file.name);
  const prepared = await prepare(file.bytes, fileName, fields.kind);
  const delivery = await requireCanSend(access, { isSend: true });
  try {
    const { channel, member, thread } = access;
    const replyToId = (await checkedReplyTarget(channel.id, fields.replyToId))?.id;
    const { mentionNames: _, ...mentions } = await resolveMentions(caption, audienceChannel(channel, thread), member.role);

    const id = newId();
    const folder = `attachments/${channel.id}/${id}`;
    const key = `${folder}/original.${prepared.extension.replace(/[^a-z0-9]/gi, "") || "bin"}`;
    const thumbnailKey = prepared.thumbnail ? `${folder}/thumbnail.webp` : null;
    const storage = fileStorage();
    await storage.put(key, prepared.bytes);
    if (thumbnailKey && prepared.thumbnail) await storage.put(thumbnailKey, prepared.thumbnail);
    const discardFiles = () => Promise.all([storage.delete(key), thumbnailKey ? storage.delete(thumbnailKey) : null]).catch(() => {});

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
        include: messageInclude,
      });
    } catch (error) {
      await discardFiles();
      const winner = isUniqueViolation(error) ? await findByNonce(actor.userId, fields.nonce, fields.channelId) : null;
      if (winner) return winner;
      throw error;
    }
    // stored: counted (for the channel a thread belongs to) before anything else can fail
    delivery.commit({ channelId: audienceChannel(channel, thread).id, communityId: channel.communityId, authorId: actor.userId });
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
  if (!attachment || message.removedAt) throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This file does not exist or was removed.");
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

/** The same, with the bytes in memory (tests; small files). */
export async function readAttachment(actor: Actor, messageId: string, variant: "original" | "thumbnail") {
  const { key, size: _size, ...rest } = await openAttachment(actor, messageId, variant);
  const bytes = await fileStorage().get(key);
  if (!bytes) throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This file does not exist or was removed.");
  return { bytes, ...rest };
}
