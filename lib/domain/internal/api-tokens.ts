import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "../../db";
import { now } from "../../clock";
import { newId } from "../../ids";
import { limits } from "../../limits";
import type { ApiTokenDTO } from "../../dto";
import { AppError, ErrorCode } from "../../errors";

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = "cct_";
/** lastUsedAt is written at most this often per token. */
export const LAST_USED_STEP_MS = 60_000;

export const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export const toDTO = (row: {
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

export const liveWhere = (userId: string) => ({
  userId,
  revokedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: now() } }],
});

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

/** Revokes every live token of a user inside the caller's transaction; their ids, whose sockets the caller closes once committed. */
export async function revokeTokensOf(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  const live = await tx.apiToken.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
  await tx.apiToken.updateMany({ where: { id: { in: live.map((row) => row.id) } }, data: { revokedAt: now() } });
  return live.map((row) => row.id);
}
