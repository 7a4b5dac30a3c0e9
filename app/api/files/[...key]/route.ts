import { NextResponse } from "next/server";
import { readAvatar } from "@/lib/domain/avatars";
import { ErrorCode, httpInit, type Failure } from "@/lib/errors";

/** Stored images by key. Keys are unique per upload, so they can be cached for good. */
export async function GET(_: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const { key } = await params;
  const bytes = await readAvatar(key.join("/"));
  if (!bytes) {
    const result: Failure = { ok: false, code: ErrorCode.FILE_NOT_FOUND, message: "This file does not exist." };
    return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
  }
  return new NextResponse(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "image/webp",
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
