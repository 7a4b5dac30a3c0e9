import { SettingsSection } from "@/components/settings/settings-shell";
import { SubscriptionList } from "@/components/settings/subscription-list";
import { listSubscriptions } from "@/lib/domain/subscriptions";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

export default async function EventsPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}/settings/events`);
  const subscriptions = await readOrNotFound(() => listSubscriptions({ userId: me.id }, communityId));
  return (
    <SettingsSection
      title="Events"
      description="Send this community's events to other software: each is a signed POST to your URL, retried for 24 hours until it answers 2xx."
    >
      <SubscriptionList communityId={communityId} subscriptions={subscriptions} />
    </SettingsSection>
  );
}
