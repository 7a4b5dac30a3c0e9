import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import type { Actor } from "./actor";

/** Usernames named in APP_ADMINS (comma-separated) administer the app besides the first account. */
const namedAdmins = () =>
  new Set(
    (process.env.APP_ADMINS ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );

export async function isAppAdmin(actor: Actor): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { isAppAdmin: true, username: true } });
  return !!user && (user.isAppAdmin || namedAdmins().has(user.username));
}

/** App administrators only; everyone else hears that there is nothing here (6002050, a 404). */
export async function requireAppAdmin(actor: Actor) {
  if (!(await isAppAdmin(actor))) throw new AppError(ErrorCode.APP_ADMIN_ONLY, "This page does not exist.");
}
