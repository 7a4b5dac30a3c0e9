import { MemberList } from "@/components/community/member-list";
import { InviteUsersForm } from "@/components/settings/invite-users-form";
import { SettingsSection } from "@/components/settings/settings-shell";
import { requireManager } from "@/lib/domain/access";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

export default async function MembersSettingsPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}/settings/members`);
  const member = await readOrNotFound(() => requireManager({ userId: me.id }, communityId));
  return (
    <>
      <SettingsSection
        title="Members"
        description="Open a member to change their role, mute, kick or ban them; tick several to kick them at once."
      >
        <MemberList
          communityId={communityId}
          me={me.id}
          myRole={member.role}
          selectable
          className="h-[28rem] rounded"
        />
      </SettingsSection>
      <SettingsSection
        title="Invite people by username"
        description="Each person gets an invitation to accept or decline (unless the app's administrators turned on direct add)."
      >
        <InviteUsersForm communityId={communityId} />
      </SettingsSection>
    </>
  );
}
