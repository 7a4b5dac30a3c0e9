import { PlanChangeLog, PlanForm } from "@/components/admin/plan-form";
import { getPlan, listPlanChanges } from "@/lib/domain/plan";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";

/** The plan: limits, the monthly downstream quota and what happens past it; every change logged. */
export default async function AdminPlanPage() {
  const me = await requirePageUser("/admin");
  const actor = { userId: me.id };
  const [plan, log] = await readOrNotFound(() => Promise.all([getPlan(actor), listPlanChanges(actor)]));
  return (
    <>
      <PlanForm key={plan.updatedAt} plan={plan} />
      <PlanChangeLog changes={log.changes} />
    </>
  );
}
