import { z } from "zod";
import { limits } from "../limits";
import { inviteExpiries, NAME_LENGTH_CEILING, NOTICE_LENGTH_CEILING } from "../input-bounds";
import { list, text, unstorableTextMessage } from "./text";

export const idSchema = text().min(1).max(64);

/** Ids asked about at once (presence of a member list page). */
export const idListSchema = list(idSchema).max(200, "At most 200 ids at once.");

/** One community, by id (the socket's community:read). */
export const communityRefSchema = z.object({ communityId: idSchema });

/** One channel, by id (the socket's channel:unsubscribe and typing:start). */
export const channelRefSchema = z.object({ channelId: idSchema });

/** Viewing a channel (the socket's channel:subscribe); `after`: a reconnecting tab's newest message, to catch up from. */
export const channelSubscribeSchema = z.object({ channelId: idSchema, after: idSchema.optional() });

/** Presence of some members of a community (the socket's presence:query). */
export const presenceQuerySchema = z.object({ communityId: idSchema, userIds: idListSchema });

/** This tab went idle, or saw input again (the socket's presence:idle). */
export const presenceIdleSchema = z.object({ idle: z.boolean() });

/** Blocking or unblocking one user (the socket's user:block). */
export const blockUserSchema = z.object({ userId: idSchema, blocked: z.boolean() });

export const createCommunitySchema = z.object({
  name: text()
    .trim()
    .min(1, "Community name is required.")
    // the plan's own length is checked by the domain (lib/domain/plan.ts); this is the ceiling it may be set to
    .max(
      NAME_LENGTH_CEILING,
      `Community name must be at most ${NAME_LENGTH_CEILING.toLocaleString("en-US")} characters.`,
    ),
  notice: text()
    .trim()
    .max(NOTICE_LENGTH_CEILING, `Notice must be at most ${NOTICE_LENGTH_CEILING.toLocaleString("en-US")} characters.`)
    .optional()
    .default(""),
});
export type CreateCommunityInput = z.input<typeof createCommunitySchema>;

/** Channel names read like Discord's: lower-case, words joined by dashes. */
export const channelNameSchema = text()
  .trim()
  .toLowerCase()
  .transform((name) => name.replace(/\s+/g, "-").replace(/-+/g, "-"))
  .pipe(
    z
      .string()
      .min(1, "Channel name is required.")
      .max(limits.channelNameLength, `Channel name must be at most ${limits.channelNameLength} characters.`),
  );

/** 1 minute … 30 days, or null: until lifted. */
export const muteDurationSchema = z
  .number()
  .int()
  .min(60, "A mute lasts at least 1 minute.")
  .max(30 * 86_400, "A mute lasts at most 30 days (or choose no end).")
  .nullable();

const topicSchema = text()
  .trim()
  .max(limits.channelTopicLength, `Topic must be at most ${limits.channelTopicLength} characters.`);

export const createChannelSchema = z.object({
  communityId: idSchema,
  name: channelNameSchema,
  topic: topicSchema.optional().default(""),
  kind: z.enum(["PUBLIC", "PRIVATE"]).default("PUBLIC"),
  categoryId: idSchema.nullable().optional(),
  /** private channels: members who may read it besides owner and admins */
  memberIds: list(idSchema).max(100, "Add at most 100 members at once.").default([]),
});

export const channelMuteModes = ["NONE", "NORMAL", "ALL", "CUSTOM"] as const;

export const updateChannelSchema = z.object({
  channelId: idSchema,
  name: channelNameSchema.optional(),
  topic: topicSchema.optional(),
  categoryId: idSchema.nullable().optional(),
  muteMode: z.enum(channelMuteModes, "Choose none, normal, all or custom.").optional(),
  mutedRoles: list(z.enum(["OWNER", "ADMIN", "MEMBER"]))
    .max(3)
    .optional(),
  /** how long the channel mute lasts; null: until lifted */
  muteDurationSeconds: muteDurationSchema.optional(),
  slowmodeSeconds: z
    .number()
    .int()
    .min(0, "Slowmode cannot be negative.")
    .max(21_600, "Slowmode is at most 6 hours.")
    .optional(),
});
export type UpdateChannelInput = z.input<typeof updateChannelSchema>;

export const channelMembersSchema = z.object({
  channelId: idSchema,
  userIds: list(idSchema).min(1, "Choose at least one member.").max(100, "At most 100 members at once."),
});

const categoryNameSchema = text()
  .trim()
  .min(1, "Category name is required.")
  .max(100, "Category name must be at most 100 characters.");

export const categorySchema = z.object({ communityId: idSchema, name: categoryNameSchema });

export const renameCategorySchema = z.object({ communityId: idSchema, categoryId: idSchema, name: categoryNameSchema });
export type RenameCategoryInput = z.input<typeof renameCategorySchema>;

export const categoryRefSchema = z.object({ communityId: idSchema, categoryId: idSchema });

export const channelLayoutSchema = z.object({
  communityId: idSchema,
  /** categories in order (null: channels without a category, shown first), each with its channels in order */
  groups: list(z.object({ categoryId: idSchema.nullable(), channelIds: list(idSchema).max(1000) })).max(1001),
});
export type ChannelLayoutInput = z.input<typeof channelLayoutSchema>;
export type CreateChannelInput = z.input<typeof createChannelSchema>;

export { inviteExpiries };

export const createInviteSchema = z.object({
  communityId: idSchema,
  expiresIn: z.enum(Object.keys(inviteExpiries) as [keyof typeof inviteExpiries]).default("7d"),
  maxUses: z
    .number()
    .int()
    .min(1, "At least 1 use.")
    .max(100, "At most 100 uses (or unlimited).")
    .nullable()
    .default(null),
});
export type CreateInviteInput = z.input<typeof createInviteSchema>;

export const inviteCodeSchema = text().trim().min(1, "Invite code is required.").max(64, "Invite code is too long.");

export const joinModes = ["OPEN", "APPROVAL", "INVITE_ONLY"] as const;

export const updateCommunitySchema = z.object({
  communityId: idSchema,
  name: createCommunitySchema.shape.name.optional(),
  notice: text()
    .trim()
    .max(NOTICE_LENGTH_CEILING, `Notice must be at most ${NOTICE_LENGTH_CEILING.toLocaleString("en-US")} characters.`)
    .optional(),
  joinMode: z.enum(joinModes, "Choose open, approval or invite-only.").optional(),
  allowMemberInvites: z.boolean().optional(),
});
export type UpdateCommunityInput = z.input<typeof updateCommunitySchema>;

/**
 * Attribute changes for a community or a channel. Keys and values are checked one by one in the
 * domain (lib/domain/attributes.ts): failures are reported per key, the rest applied.
 */
export const attributeChangesSchema = z.object({
  set: z
    // a refused key reports its own message, not zod's "Invalid key in record"
    .record(text(), text(), { error: (issue) => (issue.code === "invalid_key" ? unstorableTextMessage : undefined) })
    .refine((set) => Object.keys(set).length <= 100, "Change at most 100 attributes at once.")
    .default({}),
  remove: list(text()).max(100, "Remove at most 100 attributes at once.").default([]),
});
export type AttributeChanges = z.input<typeof attributeChangesSchema>;

export const attributesSchema = attributeChangesSchema.extend({ communityId: idSchema });
export type AttributesInput = z.input<typeof attributesSchema>;

export const channelAttributesSchema = attributeChangesSchema.extend({ channelId: idSchema });
export type ChannelAttributesInput = z.input<typeof channelAttributesSchema>;

export const dismissCommunitySchema = z.object({ communityId: idSchema, confirmName: text() });

export const reasonSchema = text().trim().max(512, "A reason can be at most 512 characters.").default("");

export const muteSchema = z.object({
  communityId: idSchema,
  userId: idSchema,
  durationSeconds: muteDurationSchema,
  channelId: idSchema.optional(),
  reason: reasonSchema,
});
export type MuteInput = z.input<typeof muteSchema>;

export const memberRefSchema = z.object({ communityId: idSchema, userId: idSchema });

export const targetSchema = z.object({ communityId: idSchema, userId: idSchema, reason: reasonSchema });
export type TargetInput = z.input<typeof targetSchema>;

export const kickSchema = z.object({
  communityId: idSchema,
  userIds: list(idSchema).min(1, "Choose at least one member.").max(100, "At most 100 members at once."),
  reason: reasonSchema,
});
export type KickInput = z.input<typeof kickSchema>;

export const setRoleSchema = z.object({
  communityId: idSchema,
  userId: idSchema,
  role: z.enum(["OWNER", "ADMIN", "MEMBER"]),
});
export type SetRoleInput = z.input<typeof setRoleSchema>;

export const inviteUsersSchema = z.object({
  communityId: idSchema,
  usernames: list(text().trim().toLowerCase().min(1).max(64))
    .min(1, "Name at least one user.")
    .max(100, "At most 100 users per invitation."),
});
export type InviteUsersInput = z.input<typeof inviteUsersSchema>;

export const joinRequestSchema = z.object({
  communityId: idSchema,
  message: text().trim().max(200, "A request message can be at most 200 characters.").default(""),
});
export type JoinRequestInput = z.input<typeof joinRequestSchema>;

export const pageSchema = z.object({
  /** opaque: the nextCursor of the previous page */
  cursor: text().max(400, "This page cursor is not valid.").optional(),
  limit: z.coerce.number().int().min(1).max(limits.maxPageSize).default(limits.maxPageSize),
});

export const memberListSchema = pageSchema.extend({
  communityId: idSchema,
  query: text().trim().toLowerCase().max(64).optional(),
  /** the open channel: a private one lists only those who can read it */
  channelId: idSchema.optional(),
});
export type MemberListInput = z.input<typeof memberListSchema>;

/** The quick switcher's people: a display name or username prefix. */
export const peopleQuerySchema = z.object({ query: text().trim().toLowerCase().min(1, "Type a name.").max(64) });
export type PeopleQueryInput = z.input<typeof peopleQuerySchema>;

export const discoverSchema = pageSchema.extend({
  query: text().trim().max(100, "Search at most 100 characters.").default(""),
});
export type DiscoverInput = z.input<typeof discoverSchema>;

/** The admin console's directory of every community: the same name filter, 25 a page. */
export const adminCommunityListSchema = discoverSchema.extend({
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type AdminCommunityListInput = z.input<typeof adminCommunityListSchema>;
