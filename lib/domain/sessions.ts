import { db, sqlPool, statementName } from "../db";
import { newId } from "../ids";
import { now } from "../clock";
import { endSessionSockets } from "../realtime/publish";
import { createBatcher } from "./internal/batch";

/**
 * Signed-in browsers (SPEC: sign-out ends the session). next-auth keeps its JWT in a cookie; the JWT
 * carries this row's id ("sid"), and every request and socket handshake asks whether it still counts.
 */
export async function openSession(userId: string): Promise<string> {
  const id = newId();
  await db.userSession.create({ data: { id, userId } });
  return id;
}

/**
 * True when the session exists, belongs to the user and was not ended. Every request and handshake
 * asks: those asking together share one statement (through pg).
 */
export async function isSessionLive(sessionId: unknown, userId: unknown): Promise<boolean> {
  if (typeof sessionId !== "string" || typeof userId !== "string" || !sessionId || sessionId.length > 64) return false;
  return liveSessions({ sessionId, userId });
}

const liveSessions = createBatcher(async (asked: { sessionId: string; userId: string }[]) => {
  const { rows } = await sqlPool().query<{ id: string; userId: string }>({
    name: statementName("live-sessions"),
    text: `SELECT "id", "userId" FROM "UserSession" WHERE "id" = ANY($1::text[]) AND "revokedAt" IS NULL`,
    values: [asked.map((session) => session.sessionId)],
  });
  const owners = new Map(rows.map((row) => [row.id, row.userId]));
  return asked.map((session) => owners.get(session.sessionId) === session.userId);
});

/** Sign-out: the session's JWT stops counting everywhere and its open sockets are closed at once. */
export async function endSession(sessionId: unknown) {
  if (typeof sessionId !== "string" || !sessionId) return;
  await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now() } });
  endSessionSockets([sessionId]);
}

/** "Sign out everywhere" (and a password change): every session of the user ends. */
export async function endAllSessions(userId: string) {
  const live = await db.userSession.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
  await db.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now() } });
  endSessionSockets(live.map((session) => session.id));
}
