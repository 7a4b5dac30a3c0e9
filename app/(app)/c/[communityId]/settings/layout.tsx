import type { Metadata } from "next";
import { SettingsShell } from "@/components/settings/settings-shell";
import { getCommunitySettings } from "@/lib/domain/communities";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

export const metadata: Metadata = { title: "Community settings" };

export default async function SettingsLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ communityId: string }>;
}) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}/settings`);
  const settings = await readOrNotFound(() => getCommunitySettings({ userId: me.id }, communityId));
  return (
    <SettingsShell communityId={communityId} communityName={settings.community.name} role={settings.role}>
      {children}
    </SettingsShell>
  );
}
