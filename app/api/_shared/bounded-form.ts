import type { NextRequest } from "next/server";
import { AppError, ErrorCode } from "@/lib/errors";

/** Room for the multipart framing and the small text fields around a file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * The multipart form of an upload, refused before any of it is read when its declared length is
 * over `maxFileBytes` (plus framing) or undeclared (a chunked body could be any size).
 */
export async function readBoundedForm(
  request: NextRequest,
  maxFileBytes: number,
  tooLarge: () => AppError,
): Promise<FormData> {
  const declared = Number(request.headers.get("content-length"));
  if (!request.headers.get("content-length") || !Number.isFinite(declared)) {
    throw new AppError(ErrorCode.INVALID_INPUT, "Uploads must declare their size (Content-Length).");
  }
  if (declared > maxFileBytes + FORM_OVERHEAD_BYTES) throw tooLarge();
  const form = await request.formData().catch(() => null);
  if (!form)
    throw new AppError(ErrorCode.INVALID_INPUT, "The upload could not be read: send it as multipart form data.");
  return form;
}
