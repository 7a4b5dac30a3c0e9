import { createHash, randomBytes } from "node:crypto";
import { db } from "../db";
import { now } from "../clock";
import { newId } from "../ids";
import { limits } from "../limits";
import type { MessageDTO, WebhookDTO } from "../dto";
import { AppError, ErrorCode } from "../errors";
import { outboundRequest } from "../outbound/request";
import { idSchema } from "../schemas/community";
import {
  createWebhookSchema,
  executeWebhookSchema,
  webhookRefSchema,
  type CreateWebhookInput,
  type ExecuteWebhookInput,
} from "../schemas/webhook";
import { fileStorage } from "../storage";
import type { Actor } from "./actor";
import { requireReadableChannel } from "./access";
import { parseRate, rateLimiter, refusalToAppError, waitText } from "./rate-limits";
import { requireActiveCommunity } from "./internal/access";
import { hashOf, LAST_USED_STEP_MS } from "./internal/api-tokens";
import { recordAudit } from "./internal/audit";
import { creatorSummary } from "./internal/people";
import { toAvatarImage } from "./internal/avatar-image";
import { requireManagedChannel } from "./internal/channels";
import { checkedContent, publishNew, resolveMentions } from "./internal/messages";
import { readerCount } from "./internal/readers";
import { inTransaction } from "./internal/transaction";
import { reserveDeliveries } from "./internal/usage";

/**
 * Incoming webhooks: a secret URL that posts into one channel as the webhook's own identity (a
 * hidden bot user that is no member and never signs in), like Discord's and Slack's. Owner and
 * admins make, list and delete them in the channel's settings; anyone holding the URL posts.
 */

/** The URL path a webhook posts to; the secret is part of it (shown once). */
const webhookPath = (id: string, secret: string) => `/api/webhooks/${id}/${secret}`;

/** Per webhook; WEBHOOK_RATE_LIMIT ("points/seconds") overrides. */
const webhookRate = () => parseRate(process.env.WEBHOOK_RATE_LIMIT) ?? { points: 30, perSeconds: 60 };

const webhookColumns = {
  id: true,
  channelId: true,
  name: true,
  hint: true,
  createdAt: true,
  lastUsedAt: true,
  createdBy: { select: { id: true, username: true, displayName: true, deletedAt: true } },
} as const;

type WebhookRow = {
  id: string;
  channelId: string;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  createdBy: { id: string; username: string; displayName: string; deletedAt: Date | null } | null;
};

const toWebhookDTO = (row: WebhookRow): WebhookDTO => ({
  id: row.id,
  channelId: row.channelId,
  name: row.name,
  hint: row.hint,
  createdBy: creatorSummary(row.createdBy),
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

/** Webhooks post in a community's channels; not in threads or private conversations (6002085). */
async function requireWebhookChannel(actor: Actor, channelId: string) {
  const { conversationKind } = await requireReadableChannel(actor, channelId);
  if (conversationKind !== "COMMUNITY")
    throw new AppError(ErrorCode.WEBHOOK_CHANNEL, "Webhooks post in a community's channels only.");
  return requireManagedChannel(actor, channelId);
}

/**
 * Owner and admins: a new webhook for a channel, with its URL path (the secret is shown this once).
 * At most limits.webhooksPerChannel a channel (6002083).
 */
export async function createWebhook(
  actor: Actor,
  input: CreateWebhookInput,
): Promise<{ webhook: WebhookDTO; path: string }> {
  const { channelId, name } = createWebhookSchema.parse(input);
  const channel = await requireWebhookChannel(actor, channelId);
  await requireActiveCommunity(channel.communityId);
  const secret = randomBytes(32).toString("base64url");
  const id = newId();
  const row = await inTransaction(async (tx) => {
    // serialises creations in this channel, so the count cannot overshoot
    await tx.$queryRaw`SELECT 1 FROM "Channel" WHERE "id" = ${channel.id} FOR UPDATE`;
    if ((await tx.webhook.count({ where: { channelId: channel.id } })) >= limits.webhooksPerChannel)
      throw new AppError(
        ErrorCode.WEBHOOK_LIMIT,
        `A channel can have at most ${limits.webhooksPerChannel} webhooks: delete one first.`,
      );
    const userId = newId();
    await tx.user.create({
      data: {
        id: userId,
        username: `webhook_${userId.toLowerCase()}`,
        displayName: name,
        passwordHash: "!webhook", // no password can match: a webhook never signs in
        isBot: true,
        createdAt: now(),
      },
    });
    const created = await tx.webhook.create({
      data: {
        id,
        channelId: channel.id,
        userId,
        name,
        tokenHash: hashOf(secret),
        hint: secret.slice(-4),
        createdById: actor.userId,
        createdAt: now(),
      },
      select: webhookColumns,
    });
    await recordAudit(tx, {
      communityId: channel.communityId,
      actorId: actor.userId,
      action: "webhook.create",
      targetUserId: userId,
      details: { channel: channel.name },
    });
    return created;
  });
  return { webhook: toWebhookDTO(row), path: webhookPath(id, secret) };
}

/** Owner and admins: the channel's webhooks, oldest first. */
export async function listChannelWebhooks(actor: Actor, channelId: string): Promise<WebhookDTO[]> {
  const channel = await requireWebhookChannel(actor, channelId);
  const rows = await db.webhook.findMany({
    where: { channelId: channel.id },
    orderBy: { createdAt: "asc" },
    take: limits.webhooksPerChannel,
    select: webhookColumns,
  });
  return rows.map(toWebhookDTO);
}

/** Owner and admins of its channel: deletes a webhook. Its URL stops at once; its messages stay. */
export async function deleteWebhook(actor: Actor, input: { webhookId: string }): Promise<{ webhookId: string }> {
  const { webhookId } = webhookRefSchema.parse(input);
  const webhook = await db.webhook.findUnique({ where: { id: webhookId }, select: { channelId: true, userId: true } });
  if (!webhook) throw new AppError(ErrorCode.WEBHOOK_NOT_FOUND, "This webhook does not exist.");
  const channel = await requireManagedChannel(actor, webhook.channelId);
  await inTransaction(async (tx) => {
    await tx.webhook.deleteMany({ where: { id: webhookId } });
    await recordAudit(tx, {
      communityId: channel.communityId,
      actorId: actor.userId,
      action: "webhook.delete",
      targetUserId: webhook.userId,
      details: { channel: channel.name },
    });
  });
  return { webhookId };
}

const notFound = () =>
  new AppError(ErrorCode.WEBHOOK_NOT_FOUND, "This webhook does not exist, was deleted, or its URL is wrong.");

/**
 * Whoever holds a webhook's URL: posts `content` (markdown, the same limits as any message) in its
 * channel as the webhook, under `username` when given, with the image at `avatarUrl` when it can be
 * fetched (a public http(s) address; otherwise the webhook's own avatar). Rate limited per webhook
 * (6002029 with the wait); the community's read-only state and the monthly quota hold as for any send.
 */
export async function executeWebhook(
  webhookId: string,
  secret: string,
  input: ExecuteWebhookInput,
): Promise<MessageDTO> {
  const id = idSchema.safeParse(webhookId);
  if (!id.success || typeof secret !== "string" || secret.length > 100) throw notFound();
  const webhook = await db.webhook.findUnique({
    where: { tokenHash: hashOf(secret) },
    select: {
      id: true,
      userId: true,
      name: true,
      lastUsedAt: true,
      channel: { select: { id: true, communityId: true, kind: true } },
    },
  });
  if (!webhook || webhook.id !== id.data) throw notFound();
  const data = executeWebhookSchema.parse(input);
  const content = checkedContent(data.content);
  await takeWebhookTurn(webhook.id);
  const { channel } = webhook;
  await requireActiveCommunity(channel.communityId);
  // everyone who reads the channel receives it (the webhook itself reads nothing)
  const delivery = await reserveDeliveries(await readerCount(channel));
  try {
    const avatarPath = data.avatarUrl ? await webhookAvatar(data.avatarUrl) : null;
    // the webhook mentions like a member: people who read the channel, never @everyone
    const { mentionIds, mentionsEveryone } = await resolveMentions(content, channel, "MEMBER");
    const row = await db.message.create({
      data: {
        id: newId(),
        channelId: channel.id,
        authorId: webhook.userId,
        content,
        mentionIds,
        mentionsEveryone,
        webhookName: data.username ?? webhook.name,
        webhookAvatarPath: avatarPath,
      },
    });
    const message = await publishNew(row, channel);
    delivery.commit({ channelId: channel.id, communityId: channel.communityId });
    const at = now();
    if (!webhook.lastUsedAt || at.getTime() - webhook.lastUsedAt.getTime() >= LAST_USED_STEP_MS)
      await db.webhook.updateMany({ where: { id: webhook.id }, data: { lastUsedAt: at } });
    return message;
  } finally {
    delivery.cancel();
  }
}

async function takeWebhookTurn(webhookId: string) {
  const { points, perSeconds } = webhookRate();
  try {
    await rateLimiter("webhook", points, perSeconds).consume(webhookId);
  } catch (error) {
    throw refusalToAppError(error, (seconds) => `This webhook is posting too fast. Try again in ${waitText(seconds)}.`);
  }
}

/**
 * The image at a webhook message's avatarUrl, fetched once per URL and re-encoded like any avatar
 * (under avatars/webhooks/, named by the URL's hash). A URL that cannot be used (not public, not an
 * image, too large, unreachable) leaves the webhook's own avatar: the message is posted either way.
 */
async function webhookAvatar(url: string): Promise<string | null> {
  const key = `avatars/webhooks/${createHash("sha256").update(url).digest("hex")}.webp`;
  if (await fileStorage().stat(key)) return key;
  try {
    const response = await outboundRequest(url, { timeoutMs: 5_000, maxBytes: limits.avatarBytes });
    if (response.status !== 200) return null;
    await fileStorage().put(key, await toAvatarImage(response.body));
    return key;
  } catch {
    return null;
  }
}
