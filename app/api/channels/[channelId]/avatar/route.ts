import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth";
import { readChannelAvatar, setChannelAvatar } from "@/lib/domain/avatars";
import { ErrorCode, httpInit, toResult } from "@/lib/errors";
import { avatarUploadRoute } from "../../../_shared/avatar-upload";

/** Multipart upload, field "avatar": owner and admins set the channel's avatar. */
export const POST = avatarUploadRoute<{ channelId: string }>((actor, { channelId }, bytes) =>
  setChannelAvatar(actor, channelId, bytes),
);

/** The channel's avatar, for those who can read the channel (a private channel's is not public). */
export async function GET(_: Request, { params }: { params: Promise<{ channelId: string }> }) {
  const { channelId } = await params;
  const result = await toResult(async () => readChannelAvatar(await requireActor(), channelId));
  if (!result.ok) return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
  if (!result.data) {
    const missing = { ok: false as const, code: ErrorCode.FILE_NOT_FOUND, message: "This channel has no avatar." };
    return NextResponse.json(missing, httpInit(missing, { "Cache-Control": "no-store" }));
  }
  return new NextResponse(new Uint8Array(result.data), {
    headers: {
      "Content-Type": "image/webp",
      // the URL changes with every upload (?v=…); private: readers only, never a shared cache
      "Cache-Control": "private, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
