import { DeleteAccount, PasswordForm, SessionList, UsernameForm } from "@/components/settings/account-settings";
import { SettingsSection } from "@/components/settings/settings-shell";
import { requireActorSession } from "@/lib/auth";
import { getMyAccount } from "@/lib/domain/account";
import { listMySessions } from "@/lib/domain/sessions";
import { requirePageUser } from "@/lib/queries/pages";

export default async function AccountSettingsPage() {
  await requirePageUser("/settings/account");
  const { actor, sessionId } = await requireActorSession();
  const [account, sessions] = await Promise.all([getMyAccount(actor), listMySessions(actor, sessionId)]);
  return (
    <>
      <SettingsSection title="Username">
        <UsernameForm username={account.username} />
      </SettingsSection>
      <SettingsSection title="Password" description="Changing it signs out every other browser.">
        <PasswordForm />
      </SettingsSection>
      <SettingsSection title="Where you are signed in">
        <SessionList sessions={sessions} />
      </SettingsSection>
      <SettingsSection title="Delete account">
        <DeleteAccount />
      </SettingsSection>
    </>
  );
}
