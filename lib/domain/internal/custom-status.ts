import { now } from "../../clock";
import type { CustomStatus, PresenceMode } from "../../dto";

export const customStatusColumns = {
  presenceMode: true,
  customStatusText: true,
  customStatusEmoji: true,
  customStatusExpiresAt: true,
} as const;

export type CustomStatusRow = {
  presenceMode: PresenceMode;
  customStatusText: string;
  customStatusEmoji: string;
  customStatusExpiresAt: Date | null;
};

/** The custom status others see: none when empty, expired, or the user is invisible. */
export function visibleCustomStatus(row: CustomStatusRow): CustomStatus | null {
  if (row.presenceMode === "INVISIBLE") return null;
  return ownCustomStatus(row);
}

/** The custom status as its owner sees it (also while invisible); none when empty or expired. */
export function ownCustomStatus(row: Omit<CustomStatusRow, "presenceMode">): CustomStatus | null {
  if (!row.customStatusText && !row.customStatusEmoji) return null;
  if (row.customStatusExpiresAt && row.customStatusExpiresAt.getTime() <= now().getTime()) return null;
  return {
    text: row.customStatusText,
    emoji: row.customStatusEmoji,
    expiresAt: row.customStatusExpiresAt?.toISOString() ?? null,
  };
}
