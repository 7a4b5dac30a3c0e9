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
import type { HandlerRegistry } from "../contract";

/** Sending and changing messages (history is read over HTTP: app/api/channels/[channelId]/messages). */
export function registerMessages({ answer }: HandlerRegistry) {
  answer("message:send", sendMessageSchema, (input, { actor }) => sendMessage(actor, input));
  answer("message:edit", editMessageSchema, (input, { actor }) => editMessage(actor, input));
  answer("message:delete", messageRefSchema, ({ messageId }, { actor }) => deleteMessage(actor, messageId));
  answer("message:react", reactionSchema, (input, { actor }) => reactToMessage(actor, input));
  answer("message:pin", pinMessageSchema, (input, { actor }) => pinMessage(actor, input));
}
