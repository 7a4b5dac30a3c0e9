import { BillingView } from "@/components/admin/billing-view";
import { getBillingMonth } from "@/lib/domain/billing";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";

type Props = { searchParams: Promise<{ month?: string | string[] }> };

/** One calendar month's bill (default: this month); earlier months stay viewable. */
export default async function AdminBillingPage({ searchParams }: Props) {
  const me = await requirePageUser("/admin/billing");
  const { month } = await searchParams;
  const bill = await readOrNotFound(() => getBillingMonth({ userId: me.id }, typeof month === "string" ? month : undefined));
  return <BillingView bill={bill} />;
}
