import { JoinRequestList } from "@/components/settings/join-request-list";
import { SettingsSection } from "@/components/settings/settings-shell";
import { listJoinRequests } from "@/lib/domain/joining";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

export default async function JoinRequestsPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}/settings/requests`);
  const { requests } = await readOrNotFound(() => listJoinRequests({ userId: me.id }, communityId));
  return (
    <SettingsSection title="Join requests" description="People asking to join while the community is in approval mode.">
      <JoinRequestList communityId={communityId} requests={requests} />
    </SettingsSection>
  );
}
