import { z } from "zod";
import { idSchema } from "./community";
import { list, text } from "./text";

/** The community events a subscription can receive. */
export const eventTypes = [
  "message.created",
  "message.edited",
  "message.deleted",
  "member.joined",
  "member.left",
  "thread.created",
] as const;
export type EventType = (typeof eventTypes)[number];

export const createSubscriptionSchema = z.object({
  communityId: idSchema,
  url: text()
    .trim()
    .max(2_048, "The URL must be at most 2,048 characters.")
    .pipe(z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL." })),
  events: list(z.enum(eventTypes, "Unknown event."), "Choose the events as a list.")
    .min(1, "Choose at least one event.")
    .max(eventTypes.length)
    .transform((events) => [...new Set(events)]),
});
export type CreateSubscriptionInput = z.input<typeof createSubscriptionSchema>;

export const subscriptionRefSchema = z.object({ subscriptionId: idSchema });
