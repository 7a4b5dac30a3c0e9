import sharp from "sharp";
import { AppError, ErrorCode } from "../../errors";
import { limits } from "../../limits";

const acceptedFormats = new Set(["jpeg", "png", "webp", "gif", "avif"]);

/**
 * The one avatar pipeline (communities and channels): the type is judged from the bytes (never the
 * name) and the image re-encoded to a 256×256 WebP, which drops its metadata.
 */
export async function toAvatarImage(bytes: Buffer): Promise<Buffer> {
  if (bytes.length === 0) throw new AppError(ErrorCode.UNSUPPORTED_FILE, "The file is empty.");
  if (bytes.length > limits.avatarBytes) {
    throw new AppError(ErrorCode.FILE_TOO_LARGE, `Avatars can be at most ${limits.avatarBytes / 1024 / 1024} MB.`);
  }
  try {
    const metadata = await sharp(bytes).metadata();
    if (!metadata.format || !acceptedFormats.has(metadata.format)) throw new Error("format");
    return await sharp(bytes, { animated: false })
      .rotate()
      .resize(limits.avatarPixels, limits.avatarPixels, { fit: "cover" })
      .webp({ quality: 85 })
      .toBuffer();
  } catch {
    throw new AppError(
      ErrorCode.UNSUPPORTED_FILE,
      "That file is not an image we can use (PNG, JPEG, WebP, GIF or AVIF).",
    );
  }
}
