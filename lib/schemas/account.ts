import { z } from "zod";
import { displayNameSchema, passwordSchema, usernameSchema } from "./auth";
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
