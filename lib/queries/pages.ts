import { notFound, redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { ZodError } from "zod";
import { authOptions } from "../auth";
import { AppError, ErrorCode } from "../errors";
import type { UserSummary } from "../dto";

/** The signed-in user for a page, or a redirect to sign in. */
export async function requirePageUser(callbackUrl?: string): Promise<UserSummary> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) redirect(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  return { id: session.user.id, displayName: session.user.name, username: session.user.username };
}

const hidden = new Set<number>([
  ErrorCode.COMMUNITY_NOT_FOUND,
  ErrorCode.NOT_IN_COMMUNITY,
  ErrorCode.CHANNEL_NOT_FOUND,
  ErrorCode.INVALID_INPUT,
  ErrorCode.NO_PERMISSION,
  ErrorCode.APP_ADMIN_ONLY,
]);

/** Runs a domain read for a page: whatever the user may not see, or a URL that names nothing, renders the 404 page. */
export async function readOrNotFound<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ((error instanceof AppError && hidden.has(error.code)) || error instanceof ZodError) notFound();
    throw error;
  }
}
