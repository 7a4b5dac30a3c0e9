import { AvatarUploader } from "@/components/settings/avatar-uploader";
import { AttributesEditor } from "@/components/settings/attributes-editor";
import { DangerZone } from "@/components/settings/danger-zone";
import { OverviewForm } from "@/components/settings/overview-form";
import { SettingsSection } from "@/components/settings/settings-shell";
import { getCommunitySettings } from "@/lib/domain/communities";
import { isManager } from "@/lib/domain/access";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

export default async function OverviewPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}/settings`);
  const settings = await readOrNotFound(() => getCommunitySettings({ userId: me.id }, communityId));
  const editable = isManager(settings.role);
  return (
    <>
      <SettingsSection
        title="Overview"
        description={editable ? undefined : "Only the owner and admins can change these settings."}
      >
        <p className="mb-4 text-sm text-muted">
          Owned by <span className="text-text">{settings.owner.displayName}</span> ·{" "}
          {settings.community.memberCount.toLocaleString("en-US")}{" "}
          {settings.community.memberCount === 1 ? "member" : "members"}
        </p>
        <div className="mb-6">
          <AvatarUploader community={settings.community} editable={editable} />
        </div>
        <OverviewForm community={settings.community} editable={editable} />
      </SettingsSection>
      <SettingsSection
        title="Attributes"
        description="Up to 10 key/value pairs (key ≤ 16 characters, value ≤ 1,024) for integrations and bots."
      >
        <AttributesEditor communityId={communityId} initial={settings.attributes} editable={editable} />
      </SettingsSection>
      <SettingsSection title={settings.role === "OWNER" ? "Delete community" : "Leave community"}>
        <DangerZone communityId={communityId} communityName={settings.community.name} role={settings.role} />
      </SettingsSection>
    </>
  );
}
