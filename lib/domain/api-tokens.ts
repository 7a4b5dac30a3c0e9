import { createHash, randomBytes } from "node:crypto";
import { db, type Prisma } from "../db";
import { now } from "../clock";
import { newId } from "../ids";
import { limits } from "../limits";
import type { ApiTokenDTO, PresenceMode } from "../dto";
import { AppError, ErrorCode } from "../errors";
import { endSessionSockets } from "../realtime/publish";
import { apiTokenRefSchema, createApiTokenSchema, type CreateApiTokenInput } from "../schemas/api-token";
import type { Actor } from "./actor";

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = "cct_";
/** lastUsedAt is written at most this often per token. */
const LAST_USED_STEP_MS = 60_000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

const toDTO = (row: {
  id: string;
  name: string;
  scope: "READ" | "WRITE";
  hint: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}): ApiTokenDTO => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  hint: row.hint,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

const liveWhere = (userId: string) => ({
  userId,
  revokedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: now() } }],
});

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

/**
 * A new token for a user (a person's own, or a bot's), inside the caller's transaction: the user
 * row's lock serialises concurrent creations, so the live count cannot overshoot (6002081).
 */
export async function mintApiToken(
  tx: Prisma.TransactionClient,
  userId: string,
  { name, scope, expiresInDays }: { name: string; scope: "READ" | "WRITE"; expiresInDays: number | null },
): Promise<{ token: ApiTokenDTO; secret: string }> {
  const secret = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const createdAt = now();
  await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
  if ((await tx.apiToken.count({ where: liveWhere(userId) })) >= limits.apiTokensPerUser)
    throw new AppError(
      ErrorCode.API_TOKEN_LIMIT,
      `You have ${limits.apiTokensPerUser} tokens already: revoke one you no longer use first.`,
    );
  const row = await tx.apiToken.create({
    data: {
      id: newId(),
      userId,
      name,
      scope,
      hash: hashOf(secret),
      hint: secret.slice(-4),
      createdAt,
      expiresAt: expiresInDays ? new Date(createdAt.getTime() + expiresInDays * 86_400_000) : null,
    },
  });
  return { token: toDTO(row), secret };
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
