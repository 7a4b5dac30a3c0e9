"use client";

import { useRouter } from "next/navigation";
import { SettingsSection } from "@/components/settings/settings-shell";
import type { BillingMonthDTO } from "@/lib/dto";

const yen = (amount: number) => `¥${amount.toLocaleString("en-US")}`;
const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** A month's add-ons (each at the highest setting the month saw), downstream overage and totals. */
export function BillingView({ bill }: { bill: BillingMonthDTO }) {
  const router = useRouter();
  return (
    <SettingsSection
      title="Billing"
      description="Per calendar month, from SPEC's price list. Each add-on is billed at the highest setting the month saw."
    >
      <label className="mb-4 flex items-center gap-2 text-sm text-muted">
        Month
        <select
          value={bill.month}
          onChange={(event) => router.push(`/admin/billing?month=${event.target.value}`)}
          className="rounded-[4px] bg-rail px-3 py-2 text-[15px] text-text outline-none focus:ring-2 focus:ring-accent"
        >
          {bill.months.map((month) => (
            <option key={month} value={month}>
              {monthName(month)}
            </option>
          ))}
        </select>
      </label>
      <p className="mb-3 text-sm text-muted">
        {bill.deliveries.toLocaleString("en-US")} downstream deliveries in {monthName(bill.month)}; quota{" "}
        {bill.settings.monthlyDownstreamQuota.toLocaleString("en-US")}.
      </p>
      <div className="overflow-x-auto rounded-md bg-sidebar">
        <table className="w-full text-left text-sm" aria-label={`Bill for ${monthName(bill.month)}`}>
          <thead className="text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="px-4 py-2 font-semibold">Add-on</th>
              <th className="px-4 py-2 text-right font-semibold">Units</th>
              <th className="px-4 py-2 text-right font-semibold">Domestic</th>
              <th className="px-4 py-2 text-right font-semibold">Overseas</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {bill.lines.map((line) => (
              <tr key={line.addOn} className={line.units === 0 ? "text-faint" : undefined}>
                <td className="px-4 py-2">
                  <span className={line.units === 0 ? undefined : "text-white"}>{line.addOn}</span>
                  <span className="block text-xs text-muted">{line.detail}</span>
                </td>
                <td className="px-4 py-2 text-right tabular-nums">{line.units}</td>
                <td className="px-4 py-2 text-right tabular-nums">{yen(line.domestic)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{yen(line.overseas)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-line font-semibold text-white">
              <td className="px-4 py-2" colSpan={2}>
                Total
              </td>
              <td className="px-4 py-2 text-right tabular-nums" data-testid="total-domestic">
                {yen(bill.total.domestic)}
              </td>
              <td className="px-4 py-2 text-right tabular-nums" data-testid="total-overseas">
                {yen(bill.total.overseas)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </SettingsSection>
  );
}
