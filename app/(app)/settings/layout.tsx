import type { Metadata } from "next";
import { UserSettingsShell } from "@/components/settings/user-settings-shell";
import { requirePageUser } from "@/lib/queries/pages";

export const metadata: Metadata = { title: "User settings" };

export default async function UserSettingsLayout({ children }: { children: React.ReactNode }) {
  await requirePageUser("/settings");
  return <UserSettingsShell>{children}</UserSettingsShell>;
}
