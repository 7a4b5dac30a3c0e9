"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "../auth";
import { updatePlan } from "../domain/plan";
import { toResult } from "../errors";
import type { UpdatePlanInput } from "../schemas/plan";

export async function updatePlanAction(input: UpdatePlanInput) {
  return toResult(async () => {
    const plan = await updatePlan(await requireActor(), input);
    revalidatePath("/admin");
    return plan;
  });
}
