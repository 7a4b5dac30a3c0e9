import { z } from "zod";
import { idSchema } from "./community";
import { text } from "./text";

export const API_TOKEN_NAME_MAX = 100;
/** Lifetimes a token can be given, in days (null: never expires). */
export const apiTokenLifetimes = [7, 30, 90, 365] as const;

export const createApiTokenSchema = z.object({
  name: text()
    .trim()
    .min(1, "Give the token a name.")
    .max(API_TOKEN_NAME_MAX, `A token's name must be at most ${API_TOKEN_NAME_MAX} characters.`),
  scope: z.enum(["READ", "WRITE"], "Choose read or read and write."),
  expiresInDays: z
    .union(
      apiTokenLifetimes.map((days) => z.literal(days)),
      "Choose when the token expires.",
    )
    .nullable(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

export const apiTokenRefSchema = z.object({ tokenId: idSchema });
