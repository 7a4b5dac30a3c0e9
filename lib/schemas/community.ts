import { z } from "zod";
import { limits } from "../limits";

export const idSchema = z.string().min(1).max(64);

export const createCommunitySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Community name is required.")
    .max(limits.communityNameLength, `Community name must be at most ${limits.communityNameLength} characters.`),
  notice: z
    .string()
    .trim()
    .max(limits.communityNoticeLength, `Notice must be at most ${limits.communityNoticeLength} characters.`)
    .optional()
    .default(""),
});
export type CreateCommunityInput = z.input<typeof createCommunitySchema>;

/** Channel names read like Discord's: lower-case, words joined by dashes. */
export const channelNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((name) => name.replace(/\s+/g, "-").replace(/-+/g, "-"))
  .pipe(
    z
      .string()
      .min(1, "Channel name is required.")
      .max(limits.channelNameLength, `Channel name must be at most ${limits.channelNameLength} characters.`),
  );

export const createChannelSchema = z.object({
  communityId: idSchema,
  name: channelNameSchema,
  topic: z
    .string()
    .trim()
    .max(limits.channelTopicLength, `Topic must be at most ${limits.channelTopicLength} characters.`)
    .optional()
    .default(""),
});
export type CreateChannelInput = z.input<typeof createChannelSchema>;

export const inviteExpiries = { "30m": 30 * 60, "1h": 3600, "1d": 86_400, "7d": 7 * 86_400, never: null } as const;

export const createInviteSchema = z.object({
  communityId: idSchema,
  expiresIn: z.enum(Object.keys(inviteExpiries) as [keyof typeof inviteExpiries]).default("7d"),
  maxUses: z.number().int().min(1, "At least 1 use.").max(100, "At most 100 uses (or unlimited).").nullable().default(null),
});
export type CreateInviteInput = z.input<typeof createInviteSchema>;

export const inviteCodeSchema = z.string().trim().min(1, "Invite code is required.").max(64, "Invite code is too long.");
