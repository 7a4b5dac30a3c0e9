import { BarChart, QuotaMeter } from "@/components/admin/charts";
import { SettingsSection } from "@/components/settings/settings-shell";
import { getUsageDashboard } from "@/lib/domain/billing";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";

/** Messages, deliveries against the quota, daily active users, communities and channels over 30 days. */
export default async function AdminUsagePage() {
  const me = await requirePageUser("/admin/usage");
  const usage = await readOrNotFound(() => getUsageDashboard({ userId: me.id }));
  const series = (pick: (day: (typeof usage.days)[number]) => number) =>
    usage.days.map((day) => ({ label: day.day.slice(5), value: pick(day) }));
  return (
    <SettingsSection
      title="Usage"
      description={`The last ${usage.days.length} days (UTC). A message delivered to N readers counts N deliveries.`}
    >
      <div className="flex flex-col gap-4">
        <QuotaMeter used={usage.monthDeliveries} quota={usage.quota} />
        <div className="grid gap-4 xl:grid-cols-2">
          <BarChart title="Messages per day" points={series((d) => d.messages)} />
          <BarChart title="Deliveries per day" points={series((d) => d.deliveries)} color="#23a55a" />
          <BarChart title="Daily active users" points={series((d) => d.activeUsers)} color="#faa61a" />
          <BarChart title="Communities" points={series((d) => d.communities)} color="#eb459e" />
          <BarChart title="Channels" points={series((d) => d.channels)} color="#00a8fc" />
        </div>
        <section className="rounded-md bg-sidebar p-4">
          <h3 className="mb-2 text-sm font-semibold text-white">Busiest channels this month</h3>
          {usage.topChannels.length === 0 ? (
            <p className="text-sm text-muted">No messages this month yet.</p>
          ) : (
            <ol className="flex flex-col gap-1 text-sm">
              {usage.topChannels.map((channel) => (
                <li key={channel.channelId} className="flex justify-between gap-4">
                  <span className="truncate">{channel.name}</span>
                  <span className="tabular-nums text-muted">{channel.deliveries.toLocaleString("en-US")}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </SettingsSection>
  );
}
