"use server";

import { requireActor } from "../auth";
import { addChannelMembers, arrangeChannels, createCategory, deleteCategory, deleteChannel, listChannelMembers, removeChannelMembers, updateChannel } from "../domain/channels";
import { toResult } from "../errors";
import type { ChannelLayoutInput, UpdateChannelInput } from "../schemas/community";

export async function updateChannelAction(input: UpdateChannelInput) {
  return toResult(async () => updateChannel(await requireActor(), input));
}

export async function deleteChannelAction(channelId: string) {
  return toResult(async () => deleteChannel(await requireActor(), channelId));
}

export async function addChannelMembersAction(input: { channelId: string; userIds: string[] }) {
  return toResult(async () => addChannelMembers(await requireActor(), input));
}

export async function removeChannelMembersAction(input: { channelId: string; userIds: string[] }) {
  return toResult(async () => removeChannelMembers(await requireActor(), input));
}

export async function listChannelMembersAction(channelId: string) {
  return toResult(async () => listChannelMembers(await requireActor(), channelId));
}

export async function createCategoryAction(input: { communityId: string; name: string }) {
  return toResult(async () => createCategory(await requireActor(), input));
}

export async function deleteCategoryAction(input: { communityId: string; categoryId: string }) {
  return toResult(async () => deleteCategory(await requireActor(), input));
}

export async function arrangeChannelsAction(input: ChannelLayoutInput) {
  return toResult(async () => arrangeChannels(await requireActor(), input));
}
