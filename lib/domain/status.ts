import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { statusSchema, type StatusInput } from "../schemas/account";
import type { MyStatus } from "../dto";
import type { Actor } from "./actor";
import { customStatusColumns, ownCustomStatus, visibleCustomStatus } from "./internal/custom-status";

const DAY_MS = 24 * 3600_000;
const durations = { "30m": 30 * 60_000, "1h": 3600_000, "4h": 4 * 3600_000 } as const;

function expiryOf(clearAfter: "30m" | "1h" | "4h" | "today" | "never", todayEndsAt: string | undefined): Date | null {
  const at = now().getTime();
  if (clearAfter === "never") return null;
  if (clearAfter !== "today") return new Date(at + durations[clearAfter]);
  // the end of the person's day, as their browser told it; anything implausible counts as a day from now
  const end = todayEndsAt ? Date.parse(todayEndsAt) : NaN;
  return new Date(Number.isFinite(end) && end > at && end <= at + DAY_MS ? end : at + DAY_MS);
}

/** The user: the status they chose and their custom status. */
export async function getMyStatus(actor: Actor): Promise<MyStatus> {
  const row = await db.user.findUnique({ where: { id: actor.userId }, select: customStatusColumns });
  if (!row) throw new AppError(ErrorCode.USER_NOT_FOUND, "This account no longer exists.");
  return { mode: row.presenceMode, custom: ownCustomStatus(row) };
}

/**
 * The user: chooses a status (AUTO, IDLE, DND, INVISIBLE) and/or a custom status with an emoji and
 * an expiry (null clears it). Their tabs hear the whole status; their communities hear the custom
 * status as others see it (none while invisible). Presence itself is announced by the socket layer.
 */
export async function setMyStatus(actor: Actor, input: StatusInput): Promise<MyStatus> {
  const { mode, custom } = statusSchema.parse(input);
  const data: Record<string, unknown> = {};
  if (mode) data.presenceMode = mode;
  if (custom === null || (custom && !custom.text && !custom.emoji)) {
    Object.assign(data, { customStatusText: "", customStatusEmoji: "", customStatusExpiresAt: null });
  } else if (custom) {
    Object.assign(data, {
      customStatusText: custom.text,
      customStatusEmoji: custom.emoji,
      customStatusExpiresAt: expiryOf(custom.clearAfter, custom.todayEndsAt),
    });
  }
  const updated = await db.user.updateMany({ where: { id: actor.userId, deletedAt: null }, data });
  if (updated.count === 0) throw new AppError(ErrorCode.USER_NOT_FOUND, "This account no longer exists.");
  const row = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: customStatusColumns });
  const status: MyStatus = { mode: row.presenceMode, custom: ownCustomStatus(row) };
  publish(rooms.user(actor.userId), "status:mine", status);
  const shown = visibleCustomStatus(row);
  const memberships = await db.member.findMany({ where: { userId: actor.userId }, select: { communityId: true } });
  for (const { communityId } of memberships)
    publish(rooms.community(communityId), "member:status", { communityId, userId: actor.userId, custom: shown });
  return status;
}
