import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { sendAttachment } from "@/lib/domain/attachments";
import { AppError, ErrorCode, httpInit, toResult } from "@/lib/errors";
import { limits } from "@/lib/limits";
import { readBoundedForm } from "../../../_shared/bounded-form";
import { sameOriginOnly } from "../../../_shared/same-origin-only";

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/**
 * Multipart upload: "file" plus nonce, caption, replyToId, kind ("voice" | "file"), durationMs.
 * A body declared over the limit is refused before it is read; the domain judges the bytes.
 */
export const POST = sameOriginOnly(
  async (request: NextRequest, { params }: { params: Promise<{ channelId: string }> }) => {
    const { channelId } = await params;
    const result = await toResult(async () => {
      const actor = await requireActor();
      const form = await readBoundedForm(
        request,
        limits.attachmentBytes,
        () =>
          new AppError(
            ErrorCode.FILE_TOO_LARGE,
            `Files can be at most ${Math.round(limits.attachmentBytes / 1024 / 1024)} MB.`,
          ),
      );
      const file = form.get("file");
      if (!file || typeof file === "string") throw new AppError(ErrorCode.INVALID_INPUT, "Choose a file to upload.");
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
    return NextResponse.json(result, httpInit(result));
  },
);
