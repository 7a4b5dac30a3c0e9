"use client";

import { clsx } from "clsx";
import { useRouter } from "next/navigation";
import { SettingsSection } from "@/components/settings/settings-shell";
import type { BillingMonthDTO } from "@/lib/dto";

/** The first column stays in view while the figures scroll under it (its own background covers them). */
const sticky = "sticky left-0 z-10 w-[45%] min-w-44 bg-sidebar text-left shadow-[1px_0_0_var(--color-line)]";

const yen = (amount: number) => `¥${amount.toLocaleString("en-US")}`;
const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** A month's add-ons (each at the highest setting the month saw), downstream overage and totals. */
export function BillingView({ bill }: { bill: BillingMonthDTO }) {
  const router = useRouter();
  return (
    <SettingsSection
      title="Billing"
      description="Per calendar month, at the standard prices. Each add-on is billed at the highest setting the month saw."
    >
      <div className="mb-4 flex items-center gap-2">
        <label htmlFor="billing-month" className="text-sm text-muted">
          Month
        </label>
        <select
          id="billing-month"
          value={bill.month}
          onChange={(event) => router.push(`/admin/billing?month=${event.target.value}`)}
          className="min-h-10 min-w-0 rounded-[4px] bg-rail px-3 py-2 text-[15px] text-text outline-none focus:ring-2 focus:ring-accent"
        >
          {bill.months.map((month) => (
            <option key={month} value={month}>
              {monthName(month)}
            </option>
          ))}
        </select>
      </div>
      <p className="mb-3 text-sm text-muted">
        {bill.deliveries.toLocaleString("en-US")} downstream deliveries in {monthName(bill.month)}; quota{" "}
        {bill.settings.monthlyDownstreamQuota.toLocaleString("en-US")}.
      </p>
      {/* narrow screens scroll the figures sideways under the add-on's name, which stays put */}
      <div
        className="overflow-x-auto rounded-md bg-sidebar focus-visible:outline-2 focus-visible:outline-accent"
        role="region"
        aria-label={`Bill for ${monthName(bill.month)} (scrollable)`}
        tabIndex={0}
      >
        <table className="w-full min-w-[30rem] text-left text-sm" aria-label={`Bill for ${monthName(bill.month)}`}>
          <thead className="text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className={clsx(sticky, "px-4 py-2 font-semibold")}>
                Add-on
              </th>
              <th scope="col" className="whitespace-nowrap px-4 py-2 text-right font-semibold">
                Units
              </th>
              <th scope="col" className="whitespace-nowrap px-4 py-2 text-right font-semibold">
                Domestic
              </th>
              <th scope="col" className="whitespace-nowrap px-4 py-2 text-right font-semibold">
                Overseas
              </th>
            </tr>
          </thead>
          <tbody>
            {bill.lines.map((line) => (
              <tr key={line.addOn} className={clsx("border-t border-line", line.units === 0 && "text-faint")}>
                <th scope="row" className={clsx(sticky, "px-4 py-2 font-normal")}>
                  <span className={line.units === 0 ? undefined : "text-strong"}>{line.addOn}</span>
                  <span className="block text-xs text-muted">{line.detail}</span>
                </th>
                <td className="px-4 py-2 text-right tabular-nums">{line.units}</td>
                <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{yen(line.domestic)}</td>
                <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{yen(line.overseas)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-line font-semibold text-strong">
              <th scope="row" className={clsx(sticky, "px-4 py-2 font-semibold")}>
                Total
              </th>
              <td className="px-4 py-2" />
              <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums" data-testid="total-domestic">
                {yen(bill.total.domestic)}
              </td>
              <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums" data-testid="total-overseas">
                {yen(bill.total.overseas)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </SettingsSection>
  );
}
