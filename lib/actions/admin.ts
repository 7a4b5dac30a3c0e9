"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "../auth";
import { updatePlan } from "../domain/plan";
import { listAllCommunities, setCommunityDisabled } from "../domain/admin-communities";
import { createPasswordReset, listUsersForAdmin, setUserDisabled } from "../domain/admin-users";
import type { AdminUserListInput } from "../schemas/account";
import { toResult } from "../errors";
import type { AdminCommunityListInput } from "../schemas/community";
import type { UpdatePlanInput } from "../schemas/plan";

export async function updatePlanAction(input: UpdatePlanInput) {
  return toResult(async () => {
    const plan = await updatePlan(await requireActor(), input);
    revalidatePath("/admin");
    return plan;
  });
}

export async function listCommunitiesAction(input: AdminCommunityListInput) {
  return toResult(async () => listAllCommunities(await requireActor(), input));
}

export async function setCommunityDisabledAction(input: { communityId: string; disabled: boolean }) {
  return toResult(async () => {
    const community = await setCommunityDisabled(await requireActor(), input);
    revalidatePath("/admin/communities");
    return community;
  });
}

export async function listUsersAction(input: AdminUserListInput) {
  return toResult(async () => listUsersForAdmin(await requireActor(), input));
}

export async function createPasswordResetAction(input: { userId: string }) {
  return toResult(async () => createPasswordReset(await requireActor(), input));
}

export async function setUserDisabledAction(input: { userId: string; disabled: boolean }) {
  return toResult(async () => {
    const result = await setUserDisabled(await requireActor(), input);
    revalidatePath("/admin/users");
    return result;
  });
}
