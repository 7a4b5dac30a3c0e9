import { setConversationIcon } from "@/lib/domain/avatars";
import { avatarUploadRoute } from "../../../_shared/avatar-upload";

/** Multipart upload, field "avatar": anyone in a group conversation sets its icon. */
export const POST = avatarUploadRoute<{ conversationId: string }>((actor, { conversationId }, bytes) =>
  setConversationIcon(actor, conversationId, bytes),
);
