import { ThemeChoice } from "@/components/settings/appearance-settings";
import { SettingsSection } from "@/components/settings/settings-shell";
import { requirePageUser } from "@/lib/queries/pages";

export default async function AppearanceSettingsPage() {
  await requirePageUser("/settings/appearance");
  return (
    <SettingsSection title="Appearance">
      <ThemeChoice />
    </SettingsSection>
  );
}
