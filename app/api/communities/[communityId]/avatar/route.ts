import { setCommunityAvatar } from "@/lib/domain/avatars";
import { avatarUploadRoute } from "../../../_shared/avatar-upload";

/** Multipart upload, field "avatar": owner and admins set the community's avatar. */
export const POST = avatarUploadRoute<{ communityId: string }>((actor, { communityId }, bytes) =>
  setCommunityAvatar(actor, communityId, bytes),
);
