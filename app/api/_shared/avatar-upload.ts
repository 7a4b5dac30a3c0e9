import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import type { Actor } from "@/lib/domain/actor";
import { AppError, ErrorCode, httpInit, toResult } from "@/lib/errors";
import { limits } from "@/lib/limits";
import { readBoundedForm } from "./bounded-form";
import { sameOriginOnly } from "./same-origin-only";

const tooLarge = () =>
  new AppError(ErrorCode.FILE_TOO_LARGE, `Avatars can be at most ${limits.avatarBytes / 1024 / 1024} MB.`);

/**
 * A POST handler for a multipart avatar upload, field "avatar" (communities and channels alike),
 * from this app's own pages only.
 * It only bounds the request and hands the bytes to the domain, which judges them.
 */
export function avatarUploadRoute<P extends Record<string, string>>(
  upload: (actor: Actor, params: P, bytes: Buffer) => Promise<unknown>,
) {
  return sameOriginOnly(async (request: NextRequest, { params }: { params: Promise<P> }) => {
    const result = await toResult(async () => {
      const actor = await requireActor();
      const form = await readBoundedForm(request, limits.avatarBytes, tooLarge);
      const file = form.get("avatar");
      if (!file || typeof file === "string") throw new AppError(ErrorCode.INVALID_INPUT, "Choose an image file.");
      if (file.size > limits.avatarBytes) throw tooLarge();
      return upload(actor, await params, Buffer.from(await file.arrayBuffer()));
    });
    return NextResponse.json(result, httpInit(result));
  });
}
