import { setBlocked } from "../../domain/blocks";
import { blockUserSchema } from "../../schemas/community";
import type { HandlerRegistry } from "../contract";

/** What a user decides about other users. */
export function registerUsers({ answer }: HandlerRegistry) {
  answer("user:block", blockUserSchema, (input, { actor }) => setBlocked(actor, input));
}
