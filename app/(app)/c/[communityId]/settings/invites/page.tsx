import { SettingsSection } from "@/components/settings/settings-shell";
import { InviteTable } from "@/components/settings/invite-table";
import { getCommunitySettings } from "@/lib/domain/communities";
import { listInvites } from "@/lib/domain/invites";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

export default async function InvitesPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}/settings/invites`);
  const actor = { userId: me.id };
  const invites = await readOrNotFound(() => listInvites(actor, communityId));
  const { community } = await getCommunitySettings(actor, communityId);
  return (
    <SettingsSection title="Invite links" description="Links still usable. Revoking one stops it at once.">
      <InviteTable communityId={communityId} communityName={community.name} invites={invites} />
    </SettingsSection>
  );
}
