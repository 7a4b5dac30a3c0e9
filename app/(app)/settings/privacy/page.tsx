import { BlockedList, DmPolicyChoice } from "@/components/settings/privacy-settings";
import { SettingsSection } from "@/components/settings/settings-shell";
import { getMyAccount, listMyBlockedUsers } from "@/lib/domain/account";
import { requirePageUser } from "@/lib/queries/pages";

export default async function PrivacySettingsPage() {
  const me = await requirePageUser("/settings/privacy");
  const actor = { userId: me.id };
  const [account, blocked] = await Promise.all([getMyAccount(actor), listMyBlockedUsers(actor)]);
  return (
    <>
      <SettingsSection title="Direct messages">
        <DmPolicyChoice value={account.dmPolicy} />
      </SettingsSection>
      <SettingsSection
        title="Blocked users"
        description="Their messages are collapsed for you and never count in your unread or mention badges."
      >
        <BlockedList blocked={blocked} />
      </SettingsSection>
    </>
  );
}
