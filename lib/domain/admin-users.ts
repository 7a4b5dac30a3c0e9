import { createHash, randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import {
  adminUserListSchema,
  resetPasswordSchema,
  userDisabledSchema,
  userRefSchema,
  type AdminUserListInput,
} from "../schemas/account";
import type { AdminUserDTO } from "../dto";
import type { Actor } from "./actor";
import { requireAppAdmin } from "./app-admins";
import { endAllSessions } from "./sessions";
import { closeTokenSockets } from "./api-tokens";

/** How long an administrator's password reset link works. */
export const RESET_LINK_HOURS = 24;
const PAGE = 50;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * App administrators: accounts, newest first, a keyset page of 50 at a time; `query` finds usernames
 * and display names containing it (case-insensitive).
 */
export async function listUsersForAdmin(actor: Actor, input: AdminUserListInput = {}) {
  await requireAppAdmin(actor);
  const { query, cursor } = adminUserListSchema.parse(input);
  const rows = await db.user.findMany({
    where: {
      deletedAt: null,
      ...(query
        ? {
            OR: [
              { username: { contains: query, mode: "insensitive" } },
              { displayName: { contains: query, mode: "insensitive" } },
            ],
          }
        : {}),
      ...(cursor ? { id: { lt: cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: PAGE + 1,
    select: {
      id: true,
      username: true,
      displayName: true,
      createdAt: true,
      communityCount: true,
      isAppAdmin: true,
      disabledAt: true,
      deletedAt: true,
    },
  });
  const page = rows.slice(0, PAGE);
  // one grouped read for the page's "last seen"
  const seen = await db.userSession.groupBy({
    by: ["userId"],
    where: { userId: { in: page.map((row) => row.id) } },
    _max: { lastSeenAt: true },
  });
  const lastSeen = new Map(seen.map((row) => [row.userId, row._max.lastSeenAt]));
  const users: AdminUserDTO[] = page.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: lastSeen.get(row.id)?.toISOString() ?? null,
    communityCount: row.communityCount,
    isAppAdmin: row.isAppAdmin,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    deleted: row.deletedAt !== null,
  }));
  return { users, nextCursor: rows.length > PAGE ? page.at(-1)!.id : null };
}

async function requireAccount(userId: string) {
  const user = await db.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: { id: true, username: true },
  });
  if (!user) throw new AppError(ErrorCode.USER_NOT_FOUND, "This user does not exist.");
  return user;
}

/**
 * App administrators: a one-time link that sets a new password for `userId` within 24 hours (the
 * secret is answered once and stored hashed). A new link voids the user's earlier unused ones.
 */
export async function createPasswordReset(actor: Actor, input: { userId: string }) {
  await requireAppAdmin(actor);
  const user = await requireAccount(userRefSchema.parse(input).userId);
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now().getTime() + RESET_LINK_HOURS * 3600_000);
  await db.$transaction([
    db.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now() } }),
    db.passwordReset.create({
      data: {
        id: newId(),
        tokenHash: hashToken(token),
        userId: user.id,
        createdById: actor.userId,
        createdAt: now(),
        expiresAt,
      },
    }),
  ]);
  return { token, path: `/reset/${token}`, expiresAt: expiresAt.toISOString(), username: user.username };
}

const invalidLink = () =>
  new AppError(
    ErrorCode.RESET_LINK_INVALID,
    "This reset link has expired or was already used. Ask an administrator for a new one.",
  );

async function usableReset(token: string) {
  const reset = await db.passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      usedAt: true,
      expiresAt: true,
      user: { select: { id: true, username: true, displayName: true, deletedAt: true } },
    },
  });
  if (!reset || reset.usedAt || reset.expiresAt <= now() || reset.user.deletedAt) throw invalidLink();
  return reset;
}

/** Anyone holding a reset link: whose password it sets (6002062 when it cannot be used). */
export async function peekPasswordReset(token: string): Promise<{ username: string; displayName: string }> {
  const { user } = await usableReset(resetPasswordSchema.shape.token.parse(token));
  return { username: user.username, displayName: user.displayName };
}

/** Anyone holding a reset link, once: sets the password and signs out every session of the account. */
export async function resetPasswordWithLink(input: { token: string; password: string }): Promise<{ username: string }> {
  const { token, password } = resetPasswordSchema.parse(input);
  const reset = await usableReset(token);
  if (password.toLowerCase().includes(reset.user.username))
    throw new AppError(ErrorCode.INVALID_INPUT, "Password is too weak: it must not contain your username.", {
      password: ["Password is too weak: it must not contain your username."],
    });
  const passwordHash = await hash(password);
  const used = await db.$transaction(async (tx) => {
    // one use: of two submissions at once, one takes the link
    const taken = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null, expiresAt: { gt: now() } },
      data: { usedAt: now() },
    });
    if (taken.count === 0) return false;
    await tx.user.update({ where: { id: reset.user.id }, data: { passwordHash } });
    return true;
  });
  if (!used) throw invalidLink();
  await endAllSessions(reset.user.id);
  return { username: reset.user.username };
}

/**
 * App administrators: disables an account (signed out at once, cannot sign in; messages stay) or
 * enables it again. Not their own.
 */
export async function setUserDisabled(actor: Actor, input: { userId: string; disabled: boolean }) {
  await requireAppAdmin(actor);
  const { userId, disabled } = userDisabledSchema.parse(input);
  const user = await requireAccount(userId);
  if (user.id === actor.userId) throw new AppError(ErrorCode.NO_PERMISSION, "You cannot disable your own account.");
  await db.user.update({ where: { id: user.id }, data: { disabledAt: disabled ? now() : null } });
  if (disabled) await Promise.all([endAllSessions(user.id), closeTokenSockets(user.id)]);
  return { userId: user.id, disabled };
}
