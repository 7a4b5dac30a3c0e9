import { Worker } from "node:worker_threads";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import type { MessageType } from "../../dto";
import { AppError, ErrorCode } from "../../errors";
import { limits } from "../../limits";

/** An uploaded file judged and made safe to keep: its type from the bytes, images re-encoded, videos measured. */

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
export async function prepareAttachment(bytes: Buffer, fileName: string, kind: "voice" | "file"): Promise<Prepared> {
  const detected = await fileTypeFromBuffer(bytes);
  const mime = detected?.mime ?? "application/octet-stream";

  if (kind === "voice") {
    if (!mime.startsWith("audio/") && mime !== "video/webm") {
      throw new AppError(ErrorCode.UNSUPPORTED_FILE, "A voice message must be an audio recording.");
    }
    return {
      type: "VOICE",
      mimeType: mime === "video/webm" ? "audio/webm" : mime,
      extension: detected?.ext ?? "bin",
      bytes,
    };
  }

  const format = imageFormats[mime];
  if (format) {
    try {
      const animated = format === "gif" || format === "webp";
      const image = sharp(bytes, { animated, limitInputPixels: 100_000_000 }).rotate();
      const box = {
        width: limits.imagePixels,
        height: limits.imagePixels,
        fit: "inside" as const,
        withoutEnlargement: true,
      };
      const { data, info } = await image.clone().resize(box).toFormat(format).toBuffer({ resolveWithObject: true });
      const thumbnail = await sharp(data, { animated })
        .resize({
          width: limits.thumbnailPixels,
          height: limits.thumbnailPixels,
          fit: "inside",
          withoutEnlargement: true,
        })
        .webp({ quality: 80 })
        .toBuffer();
      const height = info.pageHeight ?? info.height;
      return {
        type: "IMAGE",
        mimeType: `image/${format}`,
        extension: format === "jpeg" ? "jpg" : format,
        bytes: data,
        thumbnail,
        width: info.width,
        height,
      };
    } catch {
      throw new AppError(ErrorCode.UNSUPPORTED_FILE, "This image could not be read. It may be damaged.");
    }
  }
  if (
    imageNames.test(fileName) ||
    (mediaNames.test(fileName) && !mime.startsWith("audio/") && !mime.startsWith("video/"))
  ) {
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
  const ms =
    typeof found.durationMs === "number" && Number.isFinite(found.durationMs) ? Math.round(found.durationMs) : 0;
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
