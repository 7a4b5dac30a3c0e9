import { db } from "../db";
import { now } from "../clock";
import { limits } from "../limits";
import type { ApiTokenDTO, PresenceMode } from "../dto";
import { endSessionSockets } from "../realtime/publish";
import { API_TOKEN_PREFIX, LAST_USED_STEP_MS, hashOf, liveWhere, mintApiToken, toDTO } from "./internal/api-tokens";
import { apiTokenRefSchema, createApiTokenSchema, type CreateApiTokenInput } from "../schemas/api-token";
import type { Actor } from "./actor";

/**
 * The user: a personal access token acting as them (never with more than they have). The token is
 * returned this once; only its hash is kept. At most limits.apiTokensPerUser live tokens (6002081).
 */
export async function createApiToken(
  actor: Actor,
  input: CreateApiTokenInput,
): Promise<{ token: ApiTokenDTO; secret: string }> {
  const { name, scope, expiresInDays } = createApiTokenSchema.parse(input);
  return db.$transaction((tx) => mintApiToken(tx, actor.userId, { name, scope, expiresInDays }));
}

/** The user: their live tokens, newest first. */
export async function listApiTokens(actor: Actor): Promise<ApiTokenDTO[]> {
  const rows = await db.apiToken.findMany({
    where: liveWhere(actor.userId),
    orderBy: { createdAt: "desc" },
    take: limits.apiTokensPerUser,
  });
  return rows.map(toDTO);
}

/** The user: revokes one of their tokens; it stops working at once, on HTTP and on sockets (another's id changes nothing). */
export async function revokeApiToken(actor: Actor, input: { tokenId: string }): Promise<{ revoked: boolean }> {
  const { tokenId } = apiTokenRefSchema.parse(input);
  const revoked = await db.apiToken.updateMany({
    where: { id: tokenId, userId: actor.userId, revokedAt: null },
    data: { revokedAt: now() },
  });
  if (revoked.count) endSessionSockets([tokenId]);
  return { revoked: revoked.count > 0 };
}

/** Closes the sockets of every token of a user (their account was disabled or deleted). */
export async function closeTokenSockets(userId: string) {
  const tokens = await db.apiToken.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
  endSessionSockets(tokens.map((token) => token.id));
}

export type TokenHolder = { userId: string; tokenId: string; scope: "READ" | "WRITE"; presenceMode: PresenceMode };

/**
 * Who a bearer token acts for: null when it is unknown, revoked, expired, or its account is disabled
 * or deleted (each asked on every request and handshake, so a revocation counts at once).
 */
export async function authenticateApiToken(token: string): Promise<TokenHolder | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({
    where: { hash: hashOf(token) },
    select: {
      id: true,
      userId: true,
      scope: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: { disabledAt: true, deletedAt: true, presenceMode: true } },
    },
  });
  const at = now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= at) || row.user.disabledAt || row.user.deletedAt)
    return null;
  if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() >= LAST_USED_STEP_MS)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: at } });
  return { userId: row.userId, tokenId: row.id, scope: row.scope, presenceMode: row.user.presenceMode };
}
