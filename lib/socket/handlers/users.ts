import { setBlocked } from "../../domain/blocks";
import { blockUserSchema } from "../../schemas/community";
import type { HandlerContext } from "../contract";

/** What a user decides about other users. */
export function registerUsers({ actor, answer }: HandlerContext) {
  answer("user:block", blockUserSchema, (input) => setBlocked(actor, input));
}
