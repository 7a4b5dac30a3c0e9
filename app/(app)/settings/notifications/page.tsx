import { DesktopNotificationsSwitch } from "@/components/realtime/desktop-notifications";
import { DefaultNotifyChoice } from "@/components/settings/privacy-settings";
import { SettingsSection } from "@/components/settings/settings-shell";
import { getMyAccount } from "@/lib/domain/account";
import { requirePageUser } from "@/lib/queries/pages";

export default async function NotificationSettingsPage() {
  const me = await requirePageUser("/settings/notifications");
  const account = await getMyAccount({ userId: me.id });
  return (
    <>
      <SettingsSection title="Desktop notifications">
        <DesktopNotificationsSwitch />
      </SettingsSection>
      <SettingsSection
        title="New communities"
        description="Each community and channel can be changed from its bell menu afterwards."
      >
        <DefaultNotifyChoice value={account.defaultNotify} />
      </SettingsSection>
    </>
  );
}
