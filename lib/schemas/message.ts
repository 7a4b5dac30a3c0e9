import { z } from "zod";
import { limits } from "../limits";
import { idSchema } from "./community";
import { text } from "./text";

// Length and emptiness are judged in the domain (they have their own error codes); this bounds the payload.
const contentSchema = text().max(
  limits.messageLength * 4,
  `Message must be at most ${limits.messageLength} characters.`,
);
const nonceSchema = text().min(1).max(64);

export const sendMessageSchema = z.object({
  channelId: idSchema,
  content: contentSchema,
  nonce: nonceSchema,
  replyToId: idSchema.optional(),
});
export type SendMessageInput = z.input<typeof sendMessageSchema>;

export const editMessageSchema = z.object({ messageId: idSchema, content: contentSchema });
export type EditMessageInput = z.input<typeof editMessageSchema>;

/** One message, by id (the socket's message:delete). */
export const messageRefSchema = z.object({ messageId: idSchema });

/** Pinning or unpinning a message (the socket's message:pin). */
export const pinMessageSchema = z.object({ messageId: idSchema, pin: z.boolean() });

export const historyQuerySchema = z.object({
  channelId: idSchema,
  before: idSchema.optional(),
  after: idSchema.optional(),
  /** a window centred on this message (it included) */
  around: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(limits.maxPageSize).default(limits.pageSize),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;

// joiners, variation selectors and keycaps belong inside emoji sequences
const emojiSequence =
  // eslint-disable-next-line no-misleading-character-class -- on purpose (above)
  /^(\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u200d\ufe0f\u20e3#*0-9]|\p{Emoji_Modifier})+$/u;

export const reactionSchema = z.object({
  messageId: idSchema,
  // One emoji (possibly several code points: skin tones, ZWJ sequences, flags); no plain text.
  emoji: text()
    .min(1)
    .max(32)
    .refine(
      (value) => emojiSequence.test(value) && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value),
      "Reactions must be an emoji.",
    ),
  add: z.boolean(),
});
export type ReactionInput = z.input<typeof reactionSchema>;

export const attachmentFieldsSchema = z.object({
  channelId: idSchema,
  nonce: nonceSchema,
  caption: contentSchema.default(""),
  replyToId: idSchema.optional(),
  /** "voice": a recording from the composer (must be audio); otherwise judged from the bytes */
  kind: z.enum(["voice", "file"]).default("file"),
  durationMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(60 * 60 * 1000)
    .optional(),
});
export type AttachmentFields = z.input<typeof attachmentFieldsSchema>;
