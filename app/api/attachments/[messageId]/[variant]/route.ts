import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { openAttachment } from "@/lib/domain/attachments";
import { AppError, ErrorCode, httpInit, toFailure, toResult } from "@/lib/errors";
import { fileStorage } from "@/lib/storage";
import { contentRange, parseByteRange } from "@/lib/storage/range";

const gone = () => new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This file does not exist or was removed.");

/**
 * An attachment for readers of its channel. Media is served inline with the type judged at upload
 * (and ranges, so video seeks); other files only as downloads. Nothing uploaded runs as a page.
 * The body is streamed from storage, only the bytes asked for (a seek in a 25 MB video reads the
 * range, not the file); range rules in lib/storage/range.ts.
 */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ messageId: string; variant: string }> },
) {
  const { messageId, variant } = await params;
  const result = await toResult(async () =>
    openAttachment(await requireActor(), messageId, variant === "thumbnail" ? "thumbnail" : "original"),
  );
  if (!result.ok) return NextResponse.json(result, httpInit(result));

  const { key, size, mimeType, fileName, inline } = result.data;
  const headers: Record<string, string> = {
    "Content-Type": inline ? mimeType : "application/octet-stream",
    "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "private, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Accept-Ranges": "bytes",
  };
  const range = parseByteRange(request.headers.get("range"), size, request.headers.get("if-range"));
  if (range.kind === "unsatisfiable") {
    return new NextResponse(null, {
      status: 416,
      headers: { ...headers, "Content-Range": contentRange(range, size)! },
    });
  }
  const body = await fileStorage().readStream(key, range.kind === "partial" ? range : undefined);
  if (!body) {
    const failure = toFailure(gone()); // removed between the stat and the open
    return NextResponse.json(failure, httpInit(failure));
  }
  if (range.kind === "partial") {
    return new NextResponse(body, {
      status: 206,
      headers: {
        ...headers,
        "Content-Range": contentRange(range, size)!,
        "Content-Length": String(range.end - range.start + 1),
      },
    });
  }
  return new NextResponse(body, { headers: { ...headers, "Content-Length": String(size) } });
}
