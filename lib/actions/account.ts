"use server";

import { headers } from "next/headers";
import { requireActor, requireActorSession } from "../auth";
import { CLIENT_IP_HEADER } from "../client-ip";
import {
  changePassword,
  changeUsername,
  deleteAccount,
  setDefaultNotify,
  updatePrivacy,
  updateProfile,
} from "../domain/account";
import { unblockUser } from "../domain/blocks";
import { endMyOtherSessions, endMySession } from "../domain/sessions";
import type { DmPolicy, NotifyDefault } from "../dto";
import { toResult } from "../errors";
import type { ChangePasswordInput, ProfileInput } from "../schemas/account";

export async function updateProfileAction(input: ProfileInput) {
  return toResult(async () => updateProfile(await requireActor(), input));
}

export async function changeUsernameAction(input: { username: string }) {
  return toResult(async () => changeUsername(await requireActor(), input));
}

export async function changePasswordAction(input: ChangePasswordInput) {
  const clientIp = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  return toResult(async () => {
    const { actor, sessionId } = await requireActorSession();
    return changePassword(actor, input, { clientIp, keepSessionId: sessionId });
  });
}

export async function endSessionAction(input: { sessionId: string }) {
  return toResult(async () => endMySession(await requireActor(), input));
}

export async function endOtherSessionsAction() {
  return toResult(async () => {
    const { actor, sessionId } = await requireActorSession();
    return endMyOtherSessions(actor, sessionId);
  });
}

export async function updatePrivacyAction(input: { dmPolicy: DmPolicy }) {
  return toResult(async () => updatePrivacy(await requireActor(), input));
}

export async function unblockUserAction(input: { userId: string }) {
  return toResult(async () => unblockUser(await requireActor(), input));
}

export async function setDefaultNotifyAction(input: { level: NotifyDefault }) {
  return toResult(async () => setDefaultNotify(await requireActor(), input));
}

export async function deleteAccountAction(input: { password: string }) {
  return toResult(async () => deleteAccount(await requireActor(), input));
}
