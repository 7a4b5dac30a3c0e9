import { deleteMessage, editMessage, sendMessage } from "../../domain/messages";
import { pinMessage } from "../../domain/pins";
import { reactToMessage } from "../../domain/reactions";
import {
  editMessageSchema,
  messageRefSchema,
  pinMessageSchema,
  reactionSchema,
  sendMessageSchema,
} from "../../schemas/message";
import type { HandlerContext } from "../contract";

/** Sending and changing messages (history is read over HTTP: app/api/channels/[channelId]/messages). */
export function registerMessages({ actor, answer }: HandlerContext) {
  answer("message:send", sendMessageSchema, (input) => sendMessage(actor, input));
  answer("message:edit", editMessageSchema, (input) => editMessage(actor, input));
  answer("message:delete", messageRefSchema, ({ messageId }) => deleteMessage(actor, messageId));
  answer("message:react", reactionSchema, (input) => reactToMessage(actor, input));
  answer("message:pin", pinMessageSchema, (input) => pinMessage(actor, input));
}
