import { now } from "../../clock";
import { db, sqlPool, statementName } from "../../db";
import { AppError, ErrorCode } from "../../errors";
import { limits } from "../../limits";
import type { Role } from "../../dto";
import type { ChannelAccess } from "../access";
import { takeSendTurn } from "../rate-limits";
import { isManager, PERMANENT, requireWritable, type ThreadAccess } from "./access";
import { recipientsOf } from "./readers";
import { reserveDeliveries, type Delivery } from "./usage";

/**
 * The send policy: whether a reader may post in a channel now. A disabled community, a locked
 * thread, member and channel mutes, the channel's mute mode, the gap between two sends, slowmode,
 * the send rate limit and the monthly downstream quota. requireCanSend enforces it on every send
 * (text, attachment, opening a thread); sendRestriction shows the composer the same rules. Under
 * internal/ because nothing here takes an actor: it judges an access already checked. Adapters ask
 * openChannel (messages.ts).
 */

function describeUntil(until: Date) {
  return until.getTime() >= PERMANENT.getTime()
    ? "permanently"
    : `until ${until.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** A muted member reads but cannot send: community-wide or in this channel (6002030). */
function requireNotMuted(member: { mutedUntil: Date | null }, channelMutedUntil: Date | null) {
  const at = now().getTime();
  if (member.mutedUntil && member.mutedUntil.getTime() > at) {
    throw new AppError(ErrorCode.MUTED, `You are muted in this community ${describeUntil(member.mutedUntil)}.`);
  }
  if (channelMutedUntil && channelMutedUntil.getTime() > at) {
    throw new AppError(ErrorCode.MUTED, `You are muted in this channel ${describeUntil(channelMutedUntil)}.`);
  }
}

/** A locked thread takes replies from the owner and admins only (6001007). Called with every send's checks. */
function requireCanReply(thread: ThreadAccess | null, role: Role) {
  if (thread?.lockedAt && !isManager(role))
    throw new AppError(ErrorCode.NO_PERMISSION, "This thread is locked: only the owner and admins can reply.");
}

/**
 * Why this member may not send in this channel right now, if so: the channel's mute mode (NORMAL:
 * members; ALL: everyone but the owner; CUSTOM: the chosen roles) while it lasts.
 */
function channelMuteFor(
  channel: { muteMode: string; mutedRoles: string[]; muteUntil: Date | null },
  role: Role,
): Date | null {
  if (channel.muteMode === "NONE") return null;
  if (channel.muteUntil && channel.muteUntil.getTime() <= now().getTime()) return null;
  const blocked =
    (channel.muteMode === "NORMAL" && role === "MEMBER") ||
    (channel.muteMode === "ALL" && role !== "OWNER") ||
    (channel.muteMode === "CUSTOM" && channel.mutedRoles.includes(role));
  return blocked ? (channel.muteUntil ?? PERMANENT) : null;
}

/**
 * What may stop a reader sending in a channel now: a disabled community, a locked thread, member
 * mutes, the channel's mute mode, the minimum gap between two sends (`isSend`), slowmode and the
 * send rate limit (the last three consumed by this call), and the monthly downstream quota.
 * Answers the send's place in the quota: commit it once stored.
 */
export async function requireCanSend(access: ChannelAccess, { isSend = false } = {}): Promise<Delivery> {
  const { member, channel, channelMutedUntil, thread } = access;
  requireWritable(access);
  requireCanReply(thread, member.role);
  requireNotMuted(member, channelMutedUntil);
  const channelMute = channelMuteFor(channel, member.role);
  if (channelMute) {
    throw new AppError(ErrorCode.CHANNEL_MUTED, `This channel is muted for you ${describeUntil(channelMute)}.`);
  }
  const delivery = await reserveDeliveries(await recipientsOf(access));
  try {
    // the gap first: a send it refuses takes no slowmode turn and no rate-limit point (opening a thread is no send)
    if (isSend) await takeSendGap(member.userId);
    if (channel.slowmodeSeconds > 0 && member.role === "MEMBER")
      await takeSlowmodeTurn(channel.id, member.userId, channel.slowmodeSeconds);
    await takeSendTurn(member.userId);
  } catch (error) {
    delivery.cancel();
    throw error;
  }
  return delivery;
}

/**
 * For the composer: what stops this reader sending here now: a member mute (community or channel),
 * the channel's mute mode, slowmode with the wait left, and whether an app administrator disabled
 * the community. Consumes nothing.
 */
export async function sendRestriction(access: ChannelAccess) {
  const { member, channel, communityDisabled } = access;
  const personal = await db.channelMute.findUnique({
    where: { channelId_userId: { channelId: channel.id, userId: member.userId } },
  });
  const at = now().getTime();
  const until = [member.mutedUntil, personal?.mutedUntil].filter((d): d is Date => !!d && d.getTime() > at);
  const latest = until.sort((a, b) => b.getTime() - a.getTime())[0];
  const channelMute = channelMuteFor(channel, member.role);
  const slowmode = member.role === "MEMBER" ? channel.slowmodeSeconds : 0;
  return {
    mutedUntil: latest?.toISOString() ?? null,
    channelMutedUntil: channelMute?.toISOString() ?? null,
    slowmodeSeconds: slowmode,
    slowmodeWait: slowmode ? Math.ceil((await slowmodeWaitMs(channel.id, member.userId, slowmode)) / 1000) : 0,
    communityDisabled,
    directBlock: access.directBlock,
  };
}

/**
 * Slowmode: one send per member per interval. A conditional upsert, so concurrent sends cannot
 * both pass; 6002034 with the remaining wait otherwise.
 */
async function takeSlowmodeTurn(channelId: string, userId: string, seconds: number) {
  const at = now();
  const turnOpensFrom = new Date(at.getTime() - seconds * 1000);
  const taken = await db.$executeRaw`
    INSERT INTO "ChannelSendState" ("channelId", "userId", "lastSentAt") VALUES (${channelId}, ${userId}, ${at})
    ON CONFLICT ("channelId", "userId") DO UPDATE SET "lastSentAt" = ${at}
    WHERE "ChannelSendState"."lastSentAt" <= ${turnOpensFrom}`;
  if (taken > 0) return;
  const waitMs = await slowmodeWaitMs(channelId, userId, seconds);
  const wait = Math.max(1, Math.ceil(waitMs / 1000));
  throw new AppError(
    ErrorCode.SLOWMODE,
    `Slowmode is on: you can send again in ${wait} ${wait === 1 ? "second" : "seconds"}.`,
    undefined,
    waitMs,
  );
}

/**
 * SPEC's minimum gap between two sends by one user (limits.sendGapMs), in every app process: one
 * conditional upsert of the user's last send, so of concurrent sends exactly one passes; the others
 * get 6002029 with the wait (the client waits and sends again). A last send stamped a gap or more
 * ahead of now (the clock was set back, or another process's clock runs ahead) does not block.
 */
async function takeSendGap(userId: string) {
  const gapMs = limits.sendGapMs;
  if (gapMs <= 0) return;
  const at = now();
  const { rowCount } = await sqlPool().query({
    name: statementName("take-send-gap"),
    text: `INSERT INTO "UserSendState" AS s ("userId", "lastSentAt") VALUES ($1, $2::timestamptz AT TIME ZONE 'UTC')
           ON CONFLICT ("userId") DO UPDATE SET "lastSentAt" = EXCLUDED."lastSentAt"
           WHERE s."lastSentAt" <= EXCLUDED."lastSentAt" - $3::int * interval '1 millisecond'
              OR s."lastSentAt" >= EXCLUDED."lastSentAt" + $3::int * interval '1 millisecond'`,
    values: [userId, at.toISOString(), gapMs],
  });
  if (rowCount) return;
  const last = await db.userSendState.findUnique({ where: { userId }, select: { lastSentAt: true } });
  const waitMs = Math.min(2 * gapMs, Math.max(1, (last?.lastSentAt.getTime() ?? at.getTime()) + gapMs - at.getTime()));
  const seconds = Math.ceil(waitMs / 1000);
  throw new AppError(
    ErrorCode.RATE_LIMITED,
    `You are sending messages too fast. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`,
    undefined,
    waitMs,
  );
}

async function slowmodeWaitMs(channelId: string, userId: string, seconds: number): Promise<number> {
  const state = await db.channelSendState.findUnique({ where: { channelId_userId: { channelId, userId } } });
  if (!state) return 0;
  return Math.max(0, state.lastSentAt.getTime() + seconds * 1000 - now().getTime());
}
