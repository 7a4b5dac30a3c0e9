import { setBotAvatar } from "@/lib/domain/avatars";
import { avatarUploadRoute } from "../../../_shared/avatar-upload";

/** Multipart upload, field "avatar": a bot's creator sets its avatar. */
export const POST = avatarUploadRoute<{ botId: string }>((actor, { botId }, bytes) =>
  setBotAvatar(actor, botId, bytes),
);
