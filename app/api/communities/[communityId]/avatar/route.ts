import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { setCommunityAvatar } from "@/lib/domain/avatars";
import { AppError, ErrorCode, httpStatus, toResult } from "@/lib/errors";
import { limits } from "@/lib/limits";

/** Multipart upload, field "avatar". The domain judges the bytes; this only bounds the request. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await params;
  const result = await toResult(async () => {
    const actor = await requireActor();
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > limits.avatarBytes + 64 * 1024) {
      throw new AppError(ErrorCode.FILE_TOO_LARGE, `Avatars can be at most ${limits.avatarBytes / 1024 / 1024} MB.`);
    }
    const form = await request.formData().catch(() => null);
    const file = form?.get("avatar");
    if (!file || typeof file === "string") throw new AppError(ErrorCode.INVALID_INPUT, "Choose an image file.");
    return setCommunityAvatar(actor, communityId, Buffer.from(await file.arrayBuffer()));
  });
  return NextResponse.json(result, { status: result.ok ? 200 : httpStatus(result) });
}
