import { listReadStates, markChannelRead, markCommunityRead, setNotifyLevel } from "../../domain/read-state";
import { communityRefSchema } from "../../schemas/community";
import { markReadSchema, readStatesQuerySchema, setNotifySchema } from "../../schemas/read-state";
import type { HandlerContext } from "../contract";

/** Read positions, unread counts and notification settings. */
export function registerReadState({ actor, answer }: HandlerContext) {
  answer("channel:read", markReadSchema, (input) => markChannelRead(actor, input));
  answer("community:read", communityRefSchema, ({ communityId }) => markCommunityRead(actor, communityId));
  answer("notify:set", setNotifySchema, (input) => setNotifyLevel(actor, input));
  answer("read:states", readStatesQuerySchema, () => listReadStates(actor));
}
