import { listReadStates, markChannelRead, markCommunityRead, setNotifyLevel } from "../../domain/read-state";
import { communityRefSchema } from "../../schemas/community";
import { markReadSchema, readStatesQuerySchema, setNotifySchema } from "../../schemas/read-state";
import type { HandlerRegistry } from "../contract";

/** Read positions, unread counts and notification settings. */
export function registerReadState({ answer }: HandlerRegistry) {
  answer("channel:read", markReadSchema, (input, { actor }) => markChannelRead(actor, input));
  answer("community:read", communityRefSchema, ({ communityId }, { actor }) => markCommunityRead(actor, communityId));
  answer("notify:set", setNotifySchema, (input, { actor }) => setNotifyLevel(actor, input));
  answer("read:states", readStatesQuerySchema, (_, { actor }) => listReadStates(actor));
}
