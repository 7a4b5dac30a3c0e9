import type { ConversationDTO } from "./dto";

/** What a conversation is called for this reader: the group's name, else the other people's names. */
export function conversationTitle(conversation: Pick<ConversationDTO, "kind" | "name" | "participants">, meId: string) {
  if (conversation.kind === "GROUP" && conversation.name) return conversation.name;
  const others = conversation.participants.filter((person) => person.id !== meId);
  if (conversation.kind === "DIRECT") return others[0]?.displayName ?? "Deleted user";
  return others.length ? others.map((person) => person.displayName).join(", ") : "Just you";
}

/** Where a conversation opens. */
export const conversationPath = (conversation: Pick<ConversationDTO, "id" | "channelId">) =>
  `/c/${conversation.id}/${conversation.channelId}`;

/** Listed for this reader: a group, one they opened, or a direct conversation with a message in it. */
export const isListed = (conversation: ConversationDTO, meId: string) =>
  conversation.kind === "GROUP" || conversation.ownerId === meId || conversation.activityId !== conversation.id;

/** Most recently active first. */
export const byActivity = (a: ConversationDTO, b: ConversationDTO) =>
  a.activityId < b.activityId ? 1 : a.activityId > b.activityId ? -1 : 0;
