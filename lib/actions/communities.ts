"use server";

import { requireActor } from "../auth";
import { createChannel } from "../domain/channels";
import { createCommunity } from "../domain/communities";
import { acceptInvite, createInvite } from "../domain/invites";
import { toResult } from "../errors";
import type { CreateChannelInput, CreateCommunityInput, CreateInviteInput } from "../schemas/community";

export async function createCommunityAction(input: CreateCommunityInput) {
  return toResult(async () => {
    const { community, generalChannelId } = await createCommunity(await requireActor(), input);
    return { community, generalChannelId };
  });
}

export async function createChannelAction(input: CreateChannelInput) {
  return toResult(async () => createChannel(await requireActor(), input));
}

export async function createInviteAction(input: CreateInviteInput) {
  return toResult(async () => {
    const invite = await createInvite(await requireActor(), input);
    return { code: invite.code, expiresAt: invite.expiresAt?.toISOString() ?? null, maxUses: invite.maxUses };
  });
}

export async function acceptInviteAction(code: string) {
  return toResult(async () => acceptInvite(await requireActor(), code));
}
