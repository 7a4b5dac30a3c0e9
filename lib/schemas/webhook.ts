import { z } from "zod";
import { limits } from "../limits";
import { displayNameSchema } from "./auth";
import { idSchema } from "./community";
import { text } from "./text";

export const createWebhookSchema = z.object({ channelId: idSchema, name: displayNameSchema });
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export const webhookRefSchema = z.object({ webhookId: idSchema });

/** What an incoming webhook POST carries. */
export const executeWebhookSchema = z.preprocess(
  // Slack's `text` and Discord's `avatar_url` are read as content and avatarUrl
  (body) =>
    body && typeof body === "object" && !Array.isArray(body)
      ? {
          ...body,
          content: (body as Record<string, unknown>).content ?? (body as Record<string, unknown>).text,
          avatarUrl: (body as Record<string, unknown>).avatarUrl ?? (body as Record<string, unknown>).avatar_url,
        }
      : body,
  z.object({
    // length and emptiness are judged by the domain, as for any message; this bounds the payload
    content: text().max(limits.messageLength * 4, `Message must be at most ${limits.messageLength} characters.`),
    username: displayNameSchema.optional(),
    avatarUrl: text()
      .max(2_048, "avatarUrl must be at most 2,048 characters.")
      .pipe(z.url({ protocol: /^https?$/, error: "avatarUrl must be an http(s) URL." }))
      .optional(),
  }),
);
export type ExecuteWebhookInput = z.input<typeof executeWebhookSchema>;
