import { ProfileForm } from "@/components/settings/profile-form";
import { SettingsSection } from "@/components/settings/settings-shell";
import { getMyAccount } from "@/lib/domain/account";
import { requirePageUser } from "@/lib/queries/pages";

export default async function ProfileSettingsPage() {
  const me = await requirePageUser("/settings");
  const account = await getMyAccount({ userId: me.id });
  return (
    <SettingsSection title="Profile" description="How other people see you in every community.">
      <ProfileForm account={account} />
    </SettingsSection>
  );
}
