import { NextResponse } from "next/server";
import { readAvatar } from "@/lib/domain/avatars";

/** Stored images by key. Keys are unique per upload, so they can be cached for good. */
export async function GET(_: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const { key } = await params;
  const bytes = await readAvatar(key.join("/"));
  if (!bytes) return NextResponse.json({ ok: false, code: 6001001, message: "This file does not exist." }, { status: 404 });
  return new NextResponse(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "image/webp",
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
