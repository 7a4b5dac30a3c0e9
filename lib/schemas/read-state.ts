import { z } from "zod";
import { idSchema } from "./community";
import { text } from "./text";

/** A ULID as lib/ids.ts makes them: a read position is compared with message ids as text. */
export const positionSchema = text().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not a message id.");

export const markReadSchema = z.object({ channelId: idSchema, messageId: positionSchema });

export const notifyLevelSchema = z.enum(["ALL", "MENTIONS", "NONE"]);

/** `channelId` set: that channel's setting ("DEFAULT" follows the community); otherwise the community's. */
export const setNotifySchema = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("community"), communityId: idSchema, notify: notifyLevelSchema }),
  z.object({
    scope: z.literal("channel"),
    channelId: idSchema,
    notify: z.enum(["ALL", "MENTIONS", "NONE", "DEFAULT"]),
  }),
]);

/** The socket's read:states takes no fields (any it is sent are dropped). */
export const readStatesQuerySchema = z.object({});

export type MarkReadInput = z.input<typeof markReadSchema>;
export type SetNotifyInput = z.input<typeof setNotifySchema>;
