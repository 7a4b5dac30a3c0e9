import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { sendAttachment } from "@/lib/domain/attachments";
import { AppError, ErrorCode, httpStatus, toResult } from "@/lib/errors";
import { limits } from "@/lib/limits";

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/**
 * Multipart upload: "file" plus nonce, caption, replyToId, kind ("voice" | "file"), durationMs.
 * A body declared over the limit is refused before it is read; the domain judges the bytes.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ channelId: string }> }) {
  const { channelId } = await params;
  const result = await toResult(async () => {
    const actor = await requireActor();
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > limits.attachmentBytes + 64 * 1024) {
      throw new AppError(ErrorCode.FILE_TOO_LARGE, `Files can be at most ${Math.round(limits.attachmentBytes / 1024 / 1024)} MB.`);
    }
    const form = await request.formData().catch(() => null);
    const file = form?.get("file");
    if (!form || !file || typeof file === "string") throw new AppError(ErrorCode.INVALID_INPUT, "Choose a file to upload.");
    return sendAttachment(
      actor,
      {
        channelId,
        nonce: field(form, "nonce") ?? "",
        caption: field(form, "caption") ?? "",
        replyToId: field(form, "replyToId") || undefined,
        kind: (field(form, "kind") ?? "file") as "file",
        durationMs: field(form, "durationMs") as never,
      },
      { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) },
    );
  });
  return NextResponse.json(result, { status: result.ok ? 200 : httpStatus(result) });
}
