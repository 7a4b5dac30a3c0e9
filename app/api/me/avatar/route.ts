import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth";
import { removeUserAvatar, setUserAvatar } from "@/lib/domain/avatars";
import { httpInit, toResult } from "@/lib/errors";
import { avatarUploadRoute } from "../../_shared/avatar-upload";
import { sameOriginOnly } from "../../_shared/same-origin-only";

/** Multipart upload, field "avatar": the signed-in user's own avatar. */
export const POST = avatarUploadRoute((actor, _params, bytes) => setUserAvatar(actor, bytes));

/** Removes the signed-in user's avatar. */
export const DELETE = sameOriginOnly(async () => {
  const result = await toResult(async () => removeUserAvatar(await requireActor()));
  return NextResponse.json(result, httpInit(result));
});
