import { z } from "zod";
import { limits } from "../limits";
import { idSchema } from "./community";
import { list, text } from "./text";

const others = limits.conversationParticipants - 1;
const peopleSchema = list(idSchema)
  .min(1, "Choose at least one person.")
  .max(others, `A group can have at most ${limits.conversationParticipants} people, you included.`);
const nameSchema = text()
  .trim()
  .max(limits.conversationNameLength, `A group name must be at most ${limits.conversationNameLength} characters.`);

export const directConversationSchema = z.object({ userId: idSchema });

/** One person: their direct conversation; more: a new group. */
export const newConversationSchema = z.object({ userIds: peopleSchema, name: nameSchema.default("") });
export type NewConversationInput = z.input<typeof newConversationSchema>;

export const conversationRefSchema = z.object({ conversationId: idSchema });

export const conversationPeopleSchema = z.object({ conversationId: idSchema, userIds: peopleSchema });

export const conversationPersonSchema = z.object({ conversationId: idSchema, userId: idSchema });

/** An empty name: the group is named after its people again. */
export const renameConversationSchema = z.object({ conversationId: idSchema, name: nameSchema });
