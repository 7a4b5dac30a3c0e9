import { db, sqlPool, statementName } from "../db";
import { newId } from "../ids";
import { now } from "../clock";
import { endSessionSockets } from "../realtime/publish";
import type { PresenceMode, SessionDTO } from "../dto";
import type { Actor } from "./actor";
import { sessionRefSchema } from "../schemas/account";
import { createBatcher } from "./internal/batch";

/** A session's "last seen" is written at most this often (a request or handshake would otherwise write every time). */
export const LAST_SEEN_STEP_MS = 5 * 60_000;

/**
 * Signed-in browsers (SPEC: sign-out ends the session). next-auth keeps its JWT in a cookie; the JWT
 * carries this row's id ("sid"), and every request and socket handshake asks whether it still counts.
 */
export async function openSession(userId: string, userAgent = ""): Promise<string> {
  const id = newId();
  const at = now();
  await db.userSession.create({
    data: { id, userId, userAgent: userAgent.slice(0, 300), createdAt: at, lastSeenAt: at },
  });
  return id;
}

/** The account behind a live session: names as they are now (the JWT keeps the ones from sign-in). */
export type LiveSession = { username: string; displayName: string; presenceMode: PresenceMode };

/**
 * The account when the session exists, belongs to the user, was not ended and the account is
 * neither disabled nor deleted; else null. Every request and handshake asks: those asking together
 * share one statement (through pg).
 */
export async function liveSession(sessionId: unknown, userId: unknown): Promise<LiveSession | null> {
  if (typeof sessionId !== "string" || typeof userId !== "string" || !sessionId || sessionId.length > 64) return null;
  return liveSessions({ sessionId, userId });
}

export async function isSessionLive(sessionId: unknown, userId: unknown): Promise<boolean> {
  return (await liveSession(sessionId, userId)) !== null;
}

type SessionRow = LiveSession & { id: string; userId: string; lastSeenAt: Date };

const liveSessions = createBatcher(async (asked: { sessionId: string; userId: string }[]) => {
  const { rows } = await sqlPool().query<SessionRow>({
    name: statementName("live-sessions"),
    text: `SELECT s."id", s."userId", s."lastSeenAt", u."username", u."displayName", u."presenceMode"
           FROM "UserSession" s JOIN "User" u ON u."id" = s."userId"
           WHERE s."id" = ANY($1::text[]) AND s."revokedAt" IS NULL
             AND u."disabledAt" IS NULL AND u."deletedAt" IS NULL`,
    values: [asked.map((session) => session.sessionId)],
  });
  const at = now();
  const stale = rows.filter((row) => at.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_STEP_MS).map((row) => row.id);
  if (stale.length) {
    await sqlPool().query({
      name: statementName("touch-sessions"),
      text: `UPDATE "UserSession" SET "lastSeenAt" = $2 WHERE "id" = ANY($1::text[])`,
      values: [stale, at],
    });
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  return asked.map((session) => {
    const row = byId.get(session.sessionId);
    return row && row.userId === session.userId
      ? { username: row.username, displayName: row.displayName, presenceMode: row.presenceMode }
      : null;
  });
});

/** Sign-out: the session's JWT stops counting everywhere and its open sockets are closed at once. */
export async function endSession(sessionId: unknown) {
  if (typeof sessionId !== "string" || !sessionId) return;
  await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now() } });
  endSessionSockets([sessionId]);
}

/** "Sign out everywhere" (and a password change): every session of the user ends, but `keep`. */
export async function endAllSessions(userId: string, keep?: string) {
  const where = { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) };
  const live = await db.userSession.findMany({ where, select: { id: true } });
  if (!live.length) return 0;
  await db.userSession.updateMany({ where: { id: { in: live.map((s) => s.id) } }, data: { revokedAt: now() } });
  endSessionSockets(live.map((session) => session.id));
  return live.length;
}

/** The user: their signed-in browsers, the most recently seen first (at most 50). */
export async function listMySessions(actor: Actor, currentSessionId: string): Promise<SessionDTO[]> {
  const rows = await db.userSession.findMany({
    where: { userId: actor.userId, revokedAt: null },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: 50,
    select: { id: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    browser: describeBrowser(row.userAgent),
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    current: row.id === currentSessionId,
  }));
}

/** The user: signs one of their own sessions out (another user's id, or an ended one, changes nothing). */
export async function endMySession(actor: Actor, input: { sessionId: string }): Promise<{ ended: boolean }> {
  const { sessionId } = sessionRefSchema.parse(input);
  const ended = await db.userSession.updateMany({
    where: { id: sessionId, userId: actor.userId, revokedAt: null },
    data: { revokedAt: now() },
  });
  if (ended.count) endSessionSockets([sessionId]);
  return { ended: ended.count > 0 };
}

/** The user: "sign out everywhere else": every session but the one asking ends. */
export async function endMyOtherSessions(actor: Actor, currentSessionId: string): Promise<{ ended: number }> {
  return { ended: await endAllSessions(actor.userId, currentSessionId) };
}

/** "Firefox on Linux", from a user agent string; what cannot be told says "Unknown browser". */
export function describeBrowser(userAgent: string): string {
  const browser =
    [
      [/Edg\//, "Edge"],
      [/OPR\//, "Opera"],
      [/Firefox\//, "Firefox"],
      [/Chrom(e|ium)\//, "Chrome"],
      [/Safari\//, "Safari"],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? "Unknown browser";
  const system =
    [
      [/Android/, "Android"],
      [/iPhone|iPad|iOS/, "iOS"],
      [/Windows/, "Windows"],
      [/Mac OS X|Macintosh/, "macOS"],
      [/CrOS/, "ChromeOS"],
      [/Linux/, "Linux"],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? null;
  return system ? `${browser} on ${system}` : (browser as string);
}
