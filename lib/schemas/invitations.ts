import { z } from "zod";
import { idSchema, pageSchema } from "./community";

/** Accepting or declining one pending invitation by user. */
export const invitationRefSchema = z.object({ invitationId: idSchema });
export type InvitationRefInput = z.input<typeof invitationRefSchema>;

/** The invited user's own pending invitations, newest first, by cursor. */
export const invitationListSchema = pageSchema;
export type InvitationListInput = z.input<typeof invitationListSchema>;
