import { BillingView } from "@/components/admin/billing-view";
import { getBillingMonth } from "@/lib/domain/billing";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parseSearchParams } from "@/lib/queries/page-params";
import { text } from "@/lib/schemas/text";

type Props = { searchParams: Promise<{ month?: string | string[] }> };

/** One calendar month's bill (default: this month); earlier months stay viewable. */
export default async function AdminBillingPage({ searchParams }: Props) {
  const me = await requirePageUser("/admin/billing");
  // the domain judges the month: one that is not a month answers 6002001, shown as not found
  const { month } = await parseSearchParams(searchParams, { month: text().optional() });
  const bill = await readOrNotFound(() => getBillingMonth({ userId: me.id }, month));
  return <BillingView bill={bill} />;
}
