import { z } from "zod";
import { displayNameSchema } from "./auth";
import { idSchema } from "./community";

export const createBotSchema = z.object({
  communityId: idSchema,
  name: displayNameSchema,
  role: z.enum(["MEMBER", "ADMIN"], "Choose Member or Admin.").default("MEMBER"),
});
export type CreateBotInput = z.input<typeof createBotSchema>;

export const botRefSchema = z.object({ botId: idSchema });

export const addBotSchema = createBotSchema.omit({ name: true }).extend({ botId: idSchema });
export type AddBotInput = z.input<typeof addBotSchema>;
