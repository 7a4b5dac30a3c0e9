"use server";

import { requireActor } from "../auth";
import {
  addToConversation,
  leaveConversation,
  listMyConversations,
  openDirectConversation,
  removeFromConversation,
  renameConversation,
  startConversation,
} from "../domain/conversations";
import { toResult } from "../errors";
import type { NewConversationInput } from "../schemas/conversation";

export async function listMyConversationsAction() {
  return toResult(async () => listMyConversations(await requireActor()));
}

export async function openDirectConversationAction(input: { userId: string }) {
  return toResult(async () => openDirectConversation(await requireActor(), input));
}

export async function startConversationAction(input: NewConversationInput) {
  return toResult(async () => startConversation(await requireActor(), input));
}

export async function addToConversationAction(input: { conversationId: string; userIds: string[] }) {
  return toResult(async () => addToConversation(await requireActor(), input));
}

export async function removeFromConversationAction(input: { conversationId: string; userId: string }) {
  return toResult(async () => removeFromConversation(await requireActor(), input));
}

export async function leaveConversationAction(input: { conversationId: string }) {
  return toResult(async () => leaveConversation(await requireActor(), input));
}

export async function renameConversationAction(input: { conversationId: string; name: string }) {
  return toResult(async () => renameConversation(await requireActor(), input));
}
