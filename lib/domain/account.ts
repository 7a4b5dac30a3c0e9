import { hash, verify } from "@node-rs/argon2";
import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { fileStorage } from "../storage";
import {
  changePasswordSchema,
  changeUsernameSchema,
  defaultNotifySchema,
  deleteAccountSchema,
  privacySchema,
  profileSchema,
  type ChangePasswordInput,
  type ProfileInput,
} from "../schemas/account";
import type { DmPolicy, MyAccount, NotifyDefault } from "../dto";
import type { Actor } from "./actor";
import { signInThrottled } from "./auth-throttle";
import { leaveGroup } from "./internal/conversations";
import { announcePerson } from "./internal/people";
import { avatarUrl } from "./internal/communities";
import { dropMember } from "./internal/membership";
import { inTransaction, isUniqueViolation } from "./internal/transaction";
import { endAllSessions } from "./sessions";
import { closeTokenSockets } from "./api-tokens";

const accountSelect = {
  id: true,
  username: true,
  displayName: true,
  avatarPath: true,
  pronouns: true,
  aboutMe: true,
  dmPolicy: true,
  defaultNotify: true,
  createdAt: true,
} as const;

type AccountRow = {
  id: string;
  username: string;
  displayName: string;
  avatarPath: string | null;
  pronouns: string;
  aboutMe: string;
  dmPolicy: DmPolicy;
  defaultNotify: NotifyDefault;
  createdAt: Date;
};

export const toMyAccount = (row: AccountRow): MyAccount => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  avatarUrl: avatarUrl(row.avatarPath),
  pronouns: row.pronouns,
  aboutMe: row.aboutMe,
  dmPolicy: row.dmPolicy,
  defaultNotify: row.defaultNotify,
  createdAt: row.createdAt.toISOString(),
});

const gone = () => new AppError(ErrorCode.USER_NOT_FOUND, "This account no longer exists.");

/** The user: their own account as user settings shows it. */
export async function getMyAccount(actor: Actor): Promise<MyAccount> {
  const row = await db.user.findFirst({ where: { id: actor.userId, deletedAt: null }, select: accountSelect });
  if (!row) throw gone();
  return toMyAccount(row);
}

/** The user: display name, pronouns and "about me" (markdown, rendered sanitized like messages). */
export async function updateProfile(actor: Actor, input: ProfileInput): Promise<MyAccount> {
  const data = profileSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const updated = await tx.user.updateMany({ where: { id: actor.userId, deletedAt: null }, data });
    if (updated.count === 0) throw gone();
    // member lists sort and search by the lower-cased display name
    await tx.member.updateMany({ where: { userId: actor.userId }, data: { sortName: data.displayName.toLowerCase() } });
    afterCommit(() => announcePerson(actor.userId));
    return toMyAccount(await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: accountSelect }));
  });
}

/** The user: a new username (the same rules as at sign-up; a taken one answers 6002003). */
export async function changeUsername(actor: Actor, input: { username: string }): Promise<MyAccount> {
  const { username } = changeUsernameSchema.parse(input);
  try {
    const updated = await db.user.updateMany({ where: { id: actor.userId, deletedAt: null }, data: { username } });
    if (updated.count === 0) throw gone();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(ErrorCode.USERNAME_TAKEN, "This username is taken. Choose another one.", {
        username: ["This username is taken."],
      });
    throw error;
  }
  await announcePerson(actor.userId);
  return getMyAccount(actor);
}

/**
 * The user, from the session `keepSessionId`: a new password, given the current one (checked with the
 * sign-in throttle, so guesses here wait like guesses at sign-in). Every other session ends.
 */
export async function changePassword(
  actor: Actor,
  input: ChangePasswordInput,
  context: { clientIp: string; keepSessionId: string },
): Promise<{ signedOut: number }> {
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const user = await db.user.findFirst({ where: { id: actor.userId, deletedAt: null }, select: { username: true } });
  if (!user) throw gone();
  try {
    await signInThrottled({ username: user.username, password: currentPassword }, context.clientIp);
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.BAD_CREDENTIALS)
      throw new AppError(ErrorCode.BAD_CREDENTIALS, "Your current password is wrong.", {
        currentPassword: ["Your current password is wrong."],
      });
    throw error;
  }
  if (newPassword.toLowerCase().includes(user.username))
    throw new AppError(ErrorCode.INVALID_INPUT, "Password is too weak: it must not contain your username.", {
      newPassword: ["Password is too weak: it must not contain your username."],
    });
  await db.user.update({ where: { id: actor.userId }, data: { passwordHash: await hash(newPassword) } });
  return { signedOut: await endAllSessions(actor.userId, context.keepSessionId) };
}

/** The user: who may open a direct conversation with them. */
export async function updatePrivacy(actor: Actor, input: { dmPolicy: DmPolicy }): Promise<MyAccount> {
  const { dmPolicy } = privacySchema.parse(input);
  await db.user.updateMany({ where: { id: actor.userId, deletedAt: null }, data: { dmPolicy } });
  return getMyAccount(actor);
}

/** The user: the notification level each new membership starts with (communities joined before keep theirs). */
export async function setDefaultNotify(actor: Actor, input: { level: NotifyDefault }): Promise<MyAccount> {
  const { level } = defaultNotifySchema.parse(input);
  await db.user.updateMany({ where: { id: actor.userId, deletedAt: null }, data: { defaultNotify: level } });
  return getMyAccount(actor);
}

/** The user: the people they blocked, with names, for the privacy settings' unblock list. */
export async function listMyBlockedUsers(actor: Actor) {
  const rows = await db.userBlock.findMany({
    where: { blockerId: actor.userId },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { blocked: { select: { id: true, username: true, displayName: true } } },
  });
  return rows.map((row) => row.blocked);
}

/**
 * The user, with their password: deletes the account. Refused (6002060) while they own a community.
 * Their memberships end (each community hears they left), sessions end, profile and avatar go; the
 * row stays so their messages show "Deleted user".
 */
export async function deleteAccount(actor: Actor, input: { password: string }): Promise<void> {
  const { password } = deleteAccountSchema.parse(input);
  const user = await db.user.findFirst({
    where: { id: actor.userId, deletedAt: null },
    select: { passwordHash: true, avatarPath: true },
  });
  if (!user) throw gone();
  if (!(await verify(user.passwordHash, password).catch(() => false)))
    throw new AppError(ErrorCode.BAD_CREDENTIALS, "Your password is wrong.", { password: ["Your password is wrong."] });
  await inTransaction(async (tx, afterCommit) => {
    // the row lock makes a transfer of ownership to this user wait, then be seen here
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${actor.userId} FOR UPDATE`;
    const owned = await tx.community.count({ where: { ownerId: actor.userId, kind: "COMMUNITY" } });
    if (owned > 0)
      throw new AppError(
        ErrorCode.ACCOUNT_OWNS_COMMUNITIES,
        `You own ${owned === 1 ? "a community" : `${owned} communities`}: transfer ownership or delete ${owned === 1 ? "it" : "them"} first.`,
      );
    const memberships = await tx.member.findMany({
      where: { userId: actor.userId },
      select: {
        communityId: true,
        community: {
          select: {
            name: true,
            kind: true,
            ownerId: true,
            channels: { where: { parentId: null }, select: { id: true, communityId: true, kind: true }, take: 1 },
          },
        },
      },
    });
    for (const { communityId, community } of memberships) {
      if (community.kind === "GROUP") {
        const group = { id: communityId, ownerId: community.ownerId, channel: community.channels[0] };
        await leaveGroup(tx, afterCommit, group, actor.userId);
        continue;
      }
      await dropMember(tx, afterCommit, {
        communityId,
        communityName: community.name,
        userId: actor.userId,
        reason: "left",
      });
    }
    await tx.userBlock.deleteMany({ where: { OR: [{ blockerId: actor.userId }, { blockedId: actor.userId }] } });
    await tx.threadFollow.deleteMany({ where: { userId: actor.userId } });
    await tx.invitation.deleteMany({ where: { userId: actor.userId } });
    await tx.joinRequest.deleteMany({ where: { userId: actor.userId, status: "PENDING" } });
    await tx.passwordReset.deleteMany({ where: { userId: actor.userId } });
    await tx.user.update({
      where: { id: actor.userId },
      data: {
        // not a valid username (":"), so nobody can sign up as it; the old name is free again
        username: `deleted:${actor.userId.toLowerCase()}`,
        displayName: "Deleted user",
        passwordHash: "",
        avatarPath: null,
        aboutMe: "",
        pronouns: "",
        deletedAt: now(),
      },
    });
    if (user.avatarPath)
      afterCommit(() =>
        fileStorage()
          .delete(user.avatarPath!)
          .catch(() => {}),
      );
  });
  await endAllSessions(actor.userId);
  await closeTokenSockets(actor.userId);
}
