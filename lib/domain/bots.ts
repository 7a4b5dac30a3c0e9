import { randomBytes } from "node:crypto";
import { db } from "../db";
import { now } from "../clock";
import { newId } from "../ids";
import { limits } from "../limits";
import type { BotDTO, Role } from "../dto";
import { AppError, ErrorCode } from "../errors";
import { endSessionSockets } from "../realtime/publish";
import { addBotSchema, botRefSchema, createBotSchema, type AddBotInput, type CreateBotInput } from "../schemas/bot";
import type { Actor, DbClient } from "./actor";
import { requireManager, requireManagerToRead } from "./access";
import { mintApiToken, revokeTokensOf } from "./internal/api-tokens";
import { outranks } from "./internal/access";
import { recordAudit } from "./internal/audit";
import { creatorSummary } from "./internal/people";
import { avatarUrl } from "./internal/communities";
import { admitMember, dropMember } from "./internal/membership";
import { inTransaction } from "./internal/transaction";

/**
 * Bot accounts: users that act only through an API token (they never sign in), made by a
 * community's owner or admins and shown with a BOT badge. A bot is a member like any other, so every
 * rule holds for it (a Member bot cannot do Admin things); its creator manages it.
 */

const botColumns = {
  id: true,
  username: true,
  displayName: true,
  avatarPath: true,
  createdAt: true,
  botOwner: { select: { id: true, username: true, displayName: true, deletedAt: true } },
  apiTokens: {
    where: { revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { hint: true, lastUsedAt: true },
  },
} as const;

type BotRow = {
  id: string;
  username: string;
  displayName: string;
  avatarPath: string | null;
  createdAt: Date;
  botOwner: { id: string; username: string; displayName: string; deletedAt: Date | null } | null;
  apiTokens: { hint: string; lastUsedAt: Date | null }[];
};

const toBotDTO = (row: BotRow, role: Role): BotDTO => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  avatarUrl: avatarUrl(row.avatarPath),
  role,
  owner: creatorSummary(row.botOwner),
  createdAt: row.createdAt.toISOString(),
  token: row.apiTokens[0]
    ? { hint: row.apiTokens[0].hint, lastUsedAt: row.apiTokens[0].lastUsedAt?.toISOString() ?? null }
    : null,
});

/** A username for a bot from its name: "Deploy Bot" → "deploy_bot_3f2a1c" (another suffix if that one is taken). */
const botUsername = (name: string) =>
  `${
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 20) || "bot"
  }_${randomBytes(3).toString("hex")}`;

/** Admins may add Member bots; an Admin bot is the owner's decision (as making anyone admin is). */
function requireMayGrant(actorRole: Role, role: Role) {
  if (role === "ADMIN" && actorRole !== "OWNER")
    throw new AppError(ErrorCode.OWNER_ONLY, "Only the owner can add a bot as an admin.");
}

async function requireBotRoom(communityId: string, tx: DbClient) {
  const bots = await tx.member.count({ where: { communityId, user: { isBot: true } } });
  if (bots >= limits.botsPerCommunity)
    throw new AppError(ErrorCode.BOT_LIMIT, `A community can have at most ${limits.botsPerCommunity} bots.`);
}

/**
 * Owner and admins: a new bot account in their community (as a Member; as an Admin only by the
 * owner), and its token, shown this once. At most limits.botsPerCommunity bots (6002082).
 */
export async function createBot(actor: Actor, input: CreateBotInput): Promise<{ bot: BotDTO; token: string }> {
  const { communityId, name, role } = createBotSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const me = await requireManager(actor, communityId, tx);
    requireMayGrant(me.role, role);
    // serialises bot creation in this community, so the count cannot overshoot
    await tx.$queryRaw`SELECT 1 FROM "Community" WHERE "id" = ${communityId} FOR UPDATE`;
    await requireBotRoom(communityId, tx);
    const id = newId();
    let username = botUsername(name);
    while (await tx.user.findUnique({ where: { username }, select: { id: true } })) username = botUsername(name);
    await tx.user.create({
      data: {
        id,
        username,
        displayName: name,
        passwordHash: "!bot", // no password can match: bots never sign in
        isBot: true,
        botOwnerId: actor.userId,
        createdAt: now(),
      },
    });
    await admitMember(tx, afterCommit, { communityId, userId: id, via: "bot", role });
    const { secret } = await mintApiToken(tx, id, { name: "Bot token", scope: "WRITE", expiresInDays: null });
    await recordAudit(tx, { communityId, actorId: actor.userId, action: "bot.create", targetUserId: id });
    const row = await tx.user.findUniqueOrThrow({ where: { id }, select: botColumns });
    return { bot: toBotDTO(row, role), token: secret };
  });
}

/** Owner and admins: the community's bots, oldest first. */
export async function listCommunityBots(actor: Actor, communityId: string): Promise<BotDTO[]> {
  await requireManager(actor, communityId);
  const members = await db.member.findMany({
    where: { communityId, user: { isBot: true, deletedAt: null } },
    orderBy: { joinedAt: "asc" },
    take: limits.botsPerCommunity,
    select: { role: true, user: { select: botColumns } },
  });
  return members.map((member) => toBotDTO(member.user, member.role));
}

/** The bot's creator, an owner or admin of the target community: adds the bot to it. */
export async function addBotToCommunity(actor: Actor, input: AddBotInput): Promise<BotDTO> {
  const { botId, communityId, role } = addBotSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const me = await requireManager(actor, communityId, tx);
    requireMayGrant(me.role, role);
    await requireOwnBot(actor, botId, tx);
    await tx.$queryRaw`SELECT 1 FROM "Community" WHERE "id" = ${communityId} FOR UPDATE`;
    const already = await tx.member.findUnique({ where: { communityId_userId: { communityId, userId: botId } } });
    if (already) throw new AppError(ErrorCode.ALREADY_IN_COMMUNITY, "This bot is already in the community.");
    await requireBotRoom(communityId, tx);
    await admitMember(tx, afterCommit, { communityId, userId: botId, via: "bot", role });
    return toBotDTO(await tx.user.findUniqueOrThrow({ where: { id: botId }, select: botColumns }), role);
  });
}

/**
 * The bot's creator, or an owner or admin of a community it is in who outranks it: revokes its
 * token (its sockets close at once) and makes a new one, shown this once.
 */
export async function regenerateBotToken(actor: Actor, input: { botId: string }): Promise<{ token: string }> {
  return { token: (await replaceBotToken(actor, input, "bot.token"))! };
}

/**
 * Revokes a managed bot's token (its sockets close once committed) and, for "bot.token", mints the
 * new one it answers; audited in the community that granted the right.
 */
async function replaceBotToken(actor: Actor, input: { botId: string }, action: "bot.token" | "bot.revoke") {
  const { botId } = botRefSchema.parse(input);
  const { secret, revoked } = await inTransaction(async (tx) => {
    const bot = await requireManagedBot(actor, botId, tx);
    const revoked = await revokeTokensOf(tx, botId);
    const minted =
      action === "bot.token"
        ? await mintApiToken(tx, botId, { name: "Bot token", scope: "WRITE", expiresInDays: null })
        : null;
    if (bot.communityId)
      await recordAudit(tx, { communityId: bot.communityId, actorId: actor.userId, action, targetUserId: botId });
    return { secret: minted?.secret ?? null, revoked };
  });
  endSessionSockets(revoked);
  return secret;
}

/** The actor's own bots that are not in `communityId` yet (to add one there), oldest first. */
export async function listMyBotsOutside(
  actor: Actor,
  communityId: string,
): Promise<Array<{ id: string; displayName: string }>> {
  await requireManagerToRead(actor, communityId);
  return db.user.findMany({
    where: { botOwnerId: actor.userId, isBot: true, deletedAt: null, memberships: { none: { communityId } } },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { id: true, displayName: true },
  });
}

/**
 * The bot's creator, or an owner or admin ranked above it: revokes its token without a new one
 * (its sockets close at once; it can do nothing until someone makes it a new token).
 */
export async function revokeBotToken(actor: Actor, input: { botId: string }): Promise<{ botId: string }> {
  await replaceBotToken(actor, input, "bot.revoke");
  return { botId: input.botId };
}

/** The bot's creator: deletes it: its token stops, it leaves every community, its messages stay. */
export async function deleteBot(actor: Actor, input: { botId: string }): Promise<{ botId: string }> {
  const { botId } = botRefSchema.parse(input);
  const revoked = await inTransaction(async (tx, afterCommit) => {
    await requireOwnBot(actor, botId, tx);
    const revoked = await revokeTokensOf(tx, botId);
    const memberships = await tx.member.findMany({
      where: { userId: botId },
      select: { communityId: true, community: { select: { name: true } } },
    });
    for (const { communityId, community } of memberships)
      await dropMember(tx, afterCommit, { communityId, communityName: community.name, userId: botId, reason: "left" });
    await tx.user.update({ where: { id: botId }, data: { deletedAt: now() } });
    return revoked;
  });
  endSessionSockets(revoked);
  return { botId };
}

async function requireOwnBot(actor: Actor, botId: string, tx: DbClient) {
  const bot = await tx.user.findFirst({
    where: { id: botId, isBot: true, deletedAt: null },
    select: { botOwnerId: true },
  });
  if (!bot) throw new AppError(ErrorCode.USER_NOT_FOUND, "This bot does not exist.");
  if (bot.botOwnerId !== actor.userId)
    throw new AppError(ErrorCode.NO_PERMISSION, "Only the bot's creator can do this.");
}

/** The bot's creator, or an owner/admin ranked above it in one of its communities (that community is returned for the audit log). */
async function requireManagedBot(actor: Actor, botId: string, tx: DbClient): Promise<{ communityId: string | null }> {
  const bot = await tx.user.findFirst({
    where: { id: botId, isBot: true, deletedAt: null },
    select: { botOwnerId: true, memberships: { select: { communityId: true, role: true } } },
  });
  if (!bot) throw new AppError(ErrorCode.USER_NOT_FOUND, "This bot does not exist.");
  const mine = await tx.member.findMany({
    where: { userId: actor.userId, communityId: { in: bot.memberships.map((m) => m.communityId) } },
    select: { communityId: true, role: true },
  });
  const above = mine.find((membership) => {
    const botRole = bot.memberships.find((m) => m.communityId === membership.communityId)!.role;
    return membership.role !== "MEMBER" && outranks(membership.role, botRole);
  });
  if (above) return { communityId: above.communityId };
  if (bot.botOwnerId === actor.userId) return { communityId: bot.memberships[0]?.communityId ?? null };
  throw new AppError(
    ErrorCode.NO_PERMISSION,
    "Only the bot's creator or the community's owner and admins can do this.",
  );
}
