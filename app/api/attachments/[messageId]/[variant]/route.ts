import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { readAttachment } from "@/lib/domain/attachments";
import { httpInit, toResult } from "@/lib/errors";

/**
 * An attachment for readers of its channel. Media is served inline with the type judged at upload
 * (and ranges, so video seeks); other files only as downloads. Nothing uploaded runs as a page.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ messageId: string; variant: string }> }) {
  const { messageId, variant } = await params;
  const result = await toResult(async () => readAttachment(await requireActor(), messageId, variant === "thumbnail" ? "thumbnail" : "original"));
  if (!result.ok) return NextResponse.json(result, httpInit(result));

  const { bytes, mimeType, fileName, inline } = result.data;
  const headers: Record<string, string> = {
    "Content-Type": inline ? mimeType : "application/octet-stream",
    "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "private, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Accept-Ranges": "bytes",
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("range") ?? "");
  if (range && (range[1] || range[2])) {
    const size = bytes.length;
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      return new NextResponse(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
    }
    return new NextResponse(new Uint8Array(bytes.subarray(start, end + 1)), {
      status: 206,
      headers: { ...headers, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": String(end - start + 1) },
    });
  }
  return new NextResponse(new Uint8Array(bytes), { headers: { ...headers, "Content-Length": String(bytes.length) } });
}
