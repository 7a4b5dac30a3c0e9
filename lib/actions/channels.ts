"use server";

import { requireActor } from "../auth";
import {
  addChannelMembers,
  arrangeChannels,
  createCategory,
  deleteCategory,
  deleteChannel,
  getChannelAttributes,
  listChannelMembers,
  removeChannelMembers,
  renameCategory,
  setChannelAttributes,
  updateChannel,
} from "../domain/channels";
import { toResult } from "../errors";
import type {
  ChannelAttributesInput,
  ChannelLayoutInput,
  RenameCategoryInput,
  UpdateChannelInput,
} from "../schemas/community";

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

export async function renameCategoryAction(input: RenameCategoryInput) {
  return toResult(async () => renameCategory(await requireActor(), input));
}

export async function deleteCategoryAction(input: { communityId: string; categoryId: string }) {
  return toResult(async () => deleteCategory(await requireActor(), input));
}

export async function arrangeChannelsAction(input: ChannelLayoutInput) {
  return toResult(async () => arrangeChannels(await requireActor(), input));
}

export async function getChannelAttributesAction(channelId: string) {
  return toResult(async () => getChannelAttributes(await requireActor(), channelId));
}

export async function setChannelAttributesAction(input: ChannelAttributesInput) {
  return toResult(async () => setChannelAttributes(await requireActor(), input));
}
