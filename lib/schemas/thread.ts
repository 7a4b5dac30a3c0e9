import { z } from "zod";
import { AUTO_ARCHIVE_MINUTES } from "../dto";
import { limits } from "../limits";
import { idSchema } from "./community";
import { text } from "./text";

/** Thread names keep their case and spaces (they read like a title), 1 … 100 characters. */
export const threadNameSchema = text()
  .transform((name) => name.replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(1, "Thread name is required.")
      .max(limits.threadNameLength, `Thread name must be at most ${limits.threadNameLength} characters.`),
  );

export const autoArchiveSchema = z
  .number()
  .int()
  .refine(
    (minutes) => (AUTO_ARCHIVE_MINUTES as readonly number[]).includes(minutes),
    "Auto-archive is 1 hour, 24 hours, 3 days or 7 days.",
  );

export const createThreadSchema = z.object({
  messageId: idSchema,
  name: threadNameSchema.optional(),
  autoArchiveMinutes: autoArchiveSchema.default(1440),
});

/** Each field is optional; what may change depends on who asks (threads.ts). */
export const updateThreadSchema = z.object({
  threadId: idSchema,
  name: threadNameSchema.optional(),
  autoArchiveMinutes: autoArchiveSchema.optional(),
  archived: z.boolean().optional(),
  locked: z.boolean().optional(),
  resolved: z.boolean().optional(),
});

export const listThreadsSchema = z.object({
  channelId: idSchema,
  archived: z.boolean().default(false),
  status: z.enum(["all", "open", "resolved"]).default("all"),
  cursor: text().max(200, "This page cursor is not valid.").optional(),
  limit: z.number().int().min(1).max(limits.maxPageSize).default(25),
});

/** One thread, by id (the socket's thread:get). */
export const threadRefSchema = z.object({ threadId: idSchema });

export const followThreadSchema = z.object({ threadId: idSchema, follow: z.boolean() });

export type CreateThreadInput = z.input<typeof createThreadSchema>;
export type UpdateThreadInput = z.input<typeof updateThreadSchema>;
export type ListThreadsInput = z.input<typeof listThreadsSchema>;
export type FollowThreadInput = z.input<typeof followThreadSchema>;
