import { db, sqlPool, statementName } from "../db";
import { newId } from "../ids";
import { now } from "../clock";
import { endSessionSockets } from "../realtime/publish";

/**
 * Signed-in browsers (SPEC: sign-out ends the session). next-auth keeps its JWT in a cookie; the JWT
 * carries this row's id ("sid"), and every request and socket handshake asks whether it still counts.
 */
export async function openSession(userId: string): Promise<string> {
  const id = newId();
  await db.userSession.create({ data: { id, userId } });
  return id;
}

/** True when the session exists, belongs to the user and was not ended (one statement through pg: every request and handshake asks). */
export async function isSessionLive(sessionId: unknown, userId: unknown): Promise<boolean> {
  if (typeof sessionId !== "string" || typeof userId !== "string" || !sessionId || sessionId.length > 64) return false;
  const { rowCount } = await sqlPool().query({
    name: statementName("live-session"),
    text: `SELECT 1 FROM "UserSession" WHERE "id" = $1 AND "userId" = $2 AND "revokedAt" IS NULL`,
    values: [sessionId, userId],
  });
  return rowCount === 1;
}

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
