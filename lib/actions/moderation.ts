"use server";

import { requireActor } from "../auth";
import { dismissCommunity, setCommunityAttributes, updateCommunity } from "../domain/communities";
import { revokeInvite } from "../domain/invites";
import { decideJoinRequest, inviteUsers, joinOpenCommunity, requestToJoin } from "../domain/joining";
import {
  banMember,
  kickMembers,
  leaveCommunity,
  muteMember,
  setMemberRole,
  transferOwnership,
  unbanMember,
  unmuteMember,
} from "../domain/members";
import { toResult } from "../errors";
import type {
  AttributesInput,
  InviteUsersInput,
  JoinRequestInput,
  KickInput,
  MuteInput,
  SetRoleInput,
  TargetInput,
  UpdateCommunityInput,
} from "../schemas/community";

// Thin adapters: session → domain → result shape. The domain decides every permission.

export async function updateCommunityAction(input: UpdateCommunityInput) {
  return toResult(async () => updateCommunity(await requireActor(), input));
}

export async function setAttributesAction(input: AttributesInput) {
  return toResult(async () => setCommunityAttributes(await requireActor(), input));
}

export async function dismissCommunityAction(input: { communityId: string; confirmName: string }) {
  return toResult(async () => dismissCommunity(await requireActor(), input));
}

export async function leaveCommunityAction(communityId: string) {
  return toResult(async () => leaveCommunity(await requireActor(), communityId));
}

export async function setRoleAction(input: SetRoleInput) {
  return toResult(async () => setMemberRole(await requireActor(), input));
}

export async function transferOwnershipAction(input: { communityId: string; userId: string }) {
  return toResult(async () => transferOwnership(await requireActor(), input));
}

export async function kickAction(input: KickInput) {
  return toResult(async () => kickMembers(await requireActor(), input));
}

export async function banAction(input: TargetInput) {
  return toResult(async () => banMember(await requireActor(), input));
}

export async function unbanAction(input: { communityId: string; userId: string }) {
  return toResult(async () => unbanMember(await requireActor(), input));
}

export async function muteAction(input: MuteInput) {
  return toResult(async () => muteMember(await requireActor(), input));
}

export async function unmuteAction(input: { communityId: string; userId: string; channelId?: string }) {
  return toResult(async () => unmuteMember(await requireActor(), input));
}

export async function inviteUsersAction(input: InviteUsersInput) {
  return toResult(async () => inviteUsers(await requireActor(), input));
}

export async function revokeInviteAction(code: string) {
  return toResult(async () => revokeInvite(await requireActor(), code));
}

export async function joinOpenCommunityAction(communityId: string) {
  return toResult(async () => joinOpenCommunity(await requireActor(), communityId));
}

export async function requestToJoinAction(input: JoinRequestInput) {
  return toResult(async () => requestToJoin(await requireActor(), input));
}

export async function decideJoinRequestAction(input: { requestId: string; accept: boolean }) {
  return toResult(async () => decideJoinRequest(await requireActor(), input));
}
