import { hash, verify } from "@node-rs/argon2";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { passwordSchema, registerSchema, signInSchema, type RegisterInput } from "../schemas/auth";
import type { Actor } from "./actor";
import { endAllSessions } from "./sessions";
import type { UserSummary } from "../dto";
import type { DbClient } from "./actor";
import { isUniqueViolation } from "./internal/transaction";

const summary = { id: true, username: true, displayName: true } as const;

/** Anyone: creates an account. Taken usernames answer 6002003. */
export async function registerUser(input: RegisterInput): Promise<UserSummary> {
  const data = registerSchema.parse(input);
  const taken = () =>
    new AppError(ErrorCode.USERNAME_TAKEN, "This username is taken. Choose another one.", {
      username: ["This username is taken."],
    });
  if (await db.user.findUnique({ where: { username: data.username }, select: { id: true } })) throw taken();
  const passwordHash = await hash(data.password);
  const create = (isAppAdmin: boolean, client: DbClient = db) =>
    client.user.create({
      data: { id: newId(), username: data.username, displayName: data.displayName, passwordHash, isAppAdmin },
      select: summary,
    });
  try {
    if (await db.user.findFirst({ select: { id: true } })) return await create(false);
    // An empty installation: its first account administers it (/admin). Sign-ups at the same
    // moment take turns on a transaction lock, so exactly one of them is first.
    return await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(7316001)`;
      return create((await tx.user.findFirst({ select: { id: true } })) === null, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

let absentHash: Promise<string> | undefined;
const absentUserHash = () => (absentHash ??= hash("no account has this password"));

/** Anyone: the user for these credentials, or 6002004 (the same answer for unknown user and wrong password). */
export async function verifyCredentials(input: { username: string; password: string }): Promise<UserSummary> {
  const { username, password } = signInSchema.parse(input);
  const user = await db.user.findUnique({ where: { username } });
  // an unknown name costs the same hash check, so timing does not tell which accounts exist
  const valid = await verify(user?.passwordHash ?? (await absentUserHash()), password).catch(() => false);
  // bots act only through their tokens
  if (!user || !valid || user.isBot) throw new AppError(ErrorCode.BAD_CREDENTIALS, "Wrong username or password.");
  if (user.disabledAt)
    throw new AppError(ErrorCode.ACCOUNT_DISABLED, "This account is disabled. Ask the administrator of this site.");
  return { id: user.id, username: user.username, displayName: user.displayName };
}

/**
 * The user: sets their password (the same rules as at sign-up). A new password ends every session of
 * the account; the one already set changes nothing.
 */
export async function setPassword(actor: Actor, input: { password: string }): Promise<void> {
  const password = passwordSchema.parse(input.password);
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!user) throw new AppError(ErrorCode.USER_NOT_FOUND, "This account no longer exists.");
  if (await verify(user.passwordHash, password).catch(() => false)) return;
  await db.user.update({ where: { id: actor.userId }, data: { passwordHash: await hash(password) } });
  await endAllSessions(actor.userId);
}

export async function getUserSummary(userId: string): Promise<UserSummary | null> {
  return db.user.findUnique({ where: { id: userId }, select: summary });
}
