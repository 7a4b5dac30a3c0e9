import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import type { ProfileDTO } from "../dto";
import { profileQuerySchema, type ProfileQuery } from "../schemas/account";
import type { Actor } from "./actor";
import { avatarUrl } from "./internal/communities";
import { customStatusColumns, visibleCustomStatus } from "./internal/custom-status";
import { findMember } from "./members";

const SHARED_SHOWN = 20;

const notFound = () =>
  new AppError(ErrorCode.USER_NOT_FOUND, "This user does not exist or shares no community with you.");

/**
 * Anyone signed in, about someone who shares a community with them (or themselves): their profile
 * card. From a community (`communityId`, of which the actor must be a member): their role and join
 * date there. A deleted account shows as "Deleted user" and nothing more. Others: 6002005, the same
 * answer as for a user who does not exist.
 */
export async function getProfile(actor: Actor, input: ProfileQuery): Promise<ProfileDTO> {
  const { userId, username, communityId } = profileQuerySchema.parse(input);
  const user = await db.user.findFirst({
    where: userId ? { id: userId } : { username },
    select: {
      id: true,
      username: true,
      displayName: true,
      avatarPath: true,
      pronouns: true,
      aboutMe: true,
      deletedAt: true,
      isBot: true,
      ...customStatusColumns,
    },
  });
  if (!user) throw notFound();
  const member = communityId ? await findMember(actor, { communityId, userId: user.id }) : null;
  if (user.deletedAt)
    return {
      id: user.id,
      username: "",
      displayName: user.displayName,
      avatarUrl: null,
      pronouns: "",
      aboutMe: "",
      customStatus: null,
      deleted: true,
      member: null,
      sharedCommunities: [],
    };
  const shared = await db.member.findMany({
    where: { userId: actor.userId, community: { kind: "COMMUNITY", members: { some: { userId: user.id } } } },
    orderBy: { joinedAt: "asc" },
    take: SHARED_SHOWN,
    select: { community: { select: { id: true, name: true, avatarPath: true } } },
  });
  // a direct or group conversation together shows the card too
  const known =
    user.id === actor.userId ||
    shared.length > 0 ||
    (await db.member.count({
      where: {
        userId: actor.userId,
        community: { kind: { not: "COMMUNITY" }, members: { some: { userId: user.id } } },
      },
    })) > 0;
  if (!known) throw notFound();
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    avatarUrl: avatarUrl(user.avatarPath),
    pronouns: user.pronouns,
    aboutMe: user.aboutMe,
    customStatus: visibleCustomStatus(user),
    deleted: false,
    ...(user.isBot && { bot: true }),
    member,
    sharedCommunities: shared.map(({ community }) => ({
      id: community.id,
      name: community.name,
      avatarUrl: avatarUrl(community.avatarPath),
    })),
  };
}
