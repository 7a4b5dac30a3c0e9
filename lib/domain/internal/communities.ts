import { db } from "../../db";
import type { CommunityDTO, CommunityInfo, Role } from "../../dto";
import type { DbClient } from "../actor";

/** Community DTOs shared by communities, admin-communities, membership, invitations and joining. */

export const avatarUrl = (avatarPath: string | null) => (avatarPath ? `/api/files/${avatarPath}` : null);

export const infoSelect = {
  id: true,
  name: true,
  notice: true,
  memberCount: true,
  avatarPath: true,
  joinMode: true,
  allowMemberInvites: true,
  disabledAt: true,
} as const;

export const toInfo = (row: {
  id: string;
  name: string;
  notice: string;
  memberCount: number;
  avatarPath: string | null;
  joinMode: CommunityInfo["joinMode"];
  allowMemberInvites: boolean;
  disabledAt: Date | null;
}): CommunityInfo => ({
  id: row.id,
  name: row.name,
  notice: row.notice,
  memberCount: row.memberCount,
  avatarUrl: avatarUrl(row.avatarPath),
  joinMode: row.joinMode,
  allowMemberInvites: row.allowMemberInvites,
  disabled: row.disabledAt !== null,
});

/** The community as a member with `role` sees it in their rail. */
export async function communityDTOFor(communityId: string, role: Role, client: DbClient = db): Promise<CommunityDTO> {
  const community = await client.community.findUniqueOrThrow({
    where: { id: communityId },
    select: { id: true, name: true, notice: true, memberCount: true, avatarPath: true },
  });
  return {
    id: community.id,
    name: community.name,
    notice: community.notice,
    memberCount: community.memberCount,
    role,
    avatarUrl: avatarUrl(community.avatarPath),
  };
}
