import { BarChart, QuotaMeter } from "@/components/admin/charts";
import { SettingsSection } from "@/components/settings/settings-shell";
import { getUsageDashboard } from "@/lib/domain/billing";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";

/** Messages, deliveries against the quota, daily active users, communities and channels over 30 days. */
export default async function AdminUsagePage() {
  const me = await requirePageUser("/admin/usage");
  const usage = await readOrNotFound(() => getUsageDashboard({ userId: me.id }));
  const series = (pick: (day: (typeof usage.days)[number]) => number) =>
    usage.days.map((day) => ({ day: day.day, value: pick(day) }));
  return (
    <SettingsSection
      wide
      title="Usage"
      description={`The last ${usage.days.length} days (UTC). A message delivered to N readers counts N deliveries.`}
    >
      <div className="flex flex-col gap-4">
        <QuotaMeter used={usage.monthDeliveries} quota={usage.quota} />
        <div className="grid gap-4 @3xl:grid-cols-2">
          <BarChart title="Messages per day" points={series((d) => d.messages)} />
          <BarChart title="Deliveries per day" points={series((d) => d.deliveries)} tone="link" />
          <BarChart title="Daily active users" points={series((d) => d.activeUsers)} tone="warning" />
          <BarChart title="Communities" points={series((d) => d.communities)} tone="success" />
          <BarChart title="Channels" points={series((d) => d.channels)} tone="accentText" />
        </div>
        <section className="rounded-md bg-sidebar p-4">
          <h3 className="mb-2 text-sm font-semibold text-strong">Busiest channels this month</h3>
          {usage.topChannels.length === 0 ? (
            <p className="text-sm text-muted">No messages this month yet.</p>
          ) : (
            <ol className="flex flex-col gap-1 text-sm">
              {usage.topChannels.map((channel) => (
                <li key={channel.channelId} className="flex justify-between gap-4">
                  <span className="min-w-0 break-words">{channel.name}</span>
                  <span className="shrink-0 tabular-nums text-muted">
                    {channel.deliveries.toLocaleString("en-US")}
                    <span className="sr-only"> deliveries</span>
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </SettingsSection>
  );
}
