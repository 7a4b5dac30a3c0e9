import { z } from "zod";
import { limits } from "../limits";
import { idSchema } from "./community";

export const sendMessageSchema = z.object({
  channelId: idSchema,
  // Length and emptiness are judged in the domain (they have their own error codes); this bounds the payload.
  content: z.string().max(limits.messageLength * 4, `Message must be at most ${limits.messageLength} characters.`),
  nonce: z.string().min(1).max(64),
});
export type SendMessageInput = z.input<typeof sendMessageSchema>;

export const historyQuerySchema = z.object({
  channelId: idSchema,
  before: idSchema.optional(),
  after: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(limits.maxPageSize).default(limits.pageSize),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;
