import { z } from "zod";
import { displayNameSchema, passwordSchema, usernameSchema } from "./auth";
import { idSchema } from "./community";
import { text } from "./text";

export const ABOUT_ME_MAX = 400;
export const PRONOUNS_MAX = 40;

export const profileSchema = z.object({
  displayName: displayNameSchema,
  pronouns: text().trim().max(PRONOUNS_MAX, `Pronouns must be at most ${PRONOUNS_MAX} characters.`),
  aboutMe: text().trim().max(ABOUT_ME_MAX, `About me must be at most ${ABOUT_ME_MAX} characters.`),
});
export type ProfileInput = z.input<typeof profileSchema>;

export const changeUsernameSchema = z.object({ username: usernameSchema });

export const changePasswordSchema = z.object({
  currentPassword: text().min(1, "Enter your current password.").max(200),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const privacySchema = z.object({
  dmPolicy: z.enum(["COMMUNITY_MEMBERS", "NOBODY"], "Choose who may message you."),
});

export const defaultNotifySchema = z.object({
  level: z.enum(["ALL", "MENTIONS", "NONE"], "Choose a notification level."),
});

export const deleteAccountSchema = z.object({
  password: text().min(1, "Enter your password to confirm.").max(200),
});

export const resetPasswordSchema = z.object({
  token: text().trim().min(1).max(100),
  password: passwordSchema,
});

export const adminUserListSchema = z.object({
  query: text().trim().max(64).default(""),
  cursor: text().max(64).optional(),
});
export type AdminUserListInput = z.input<typeof adminUserListSchema>;

export const CUSTOM_STATUS_MAX = 128;
export const customStatusDurations = ["30m", "1h", "4h", "today", "never"] as const;

export const statusSchema = z.object({
  mode: z.enum(["AUTO", "IDLE", "DND", "INVISIBLE"], "Choose a status.").optional(),
  /** null clears the custom status; absent leaves it */
  custom: z
    .object({
      text: text().trim().max(CUSTOM_STATUS_MAX, `A custom status must be at most ${CUSTOM_STATUS_MAX} characters.`),
      emoji: text()
        .trim()
        .max(32, "Choose one emoji.")
        .refine((value) => value === "" || /^\p{Extended_Pictographic}/u.test(value), "Choose one emoji."),
      clearAfter: z.enum(customStatusDurations, "Choose when to clear it."),
      /** the end of the person's day in their time zone ("today") */
      todayEndsAt: text().max(40).optional(),
    })
    .nullable()
    .optional(),
});
export type StatusInput = z.input<typeof statusSchema>;

export const userRefSchema = z.object({ userId: idSchema });
export const sessionRefSchema = z.object({ sessionId: idSchema });
export const userDisabledSchema = z.object({ userId: idSchema, disabled: z.boolean("Say whether to disable.") });

/** A profile card: by id (a name or avatar clicked) or by username (a mention), in a community's context. */
export const profileQuerySchema = z
  .object({
    userId: idSchema.optional(),
    username: text().trim().toLowerCase().max(64).optional(),
    communityId: idSchema.optional(),
  })
  .refine((query) => query.userId || query.username, { message: "Name a user.", path: ["userId"] });
export type ProfileQuery = z.input<typeof profileQuerySchema>;
