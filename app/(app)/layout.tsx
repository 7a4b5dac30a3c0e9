import { AppShell } from "@/components/community/app-shell";
import { CommunityRail } from "@/components/community/community-rail";
import { CommunityEvents } from "@/components/realtime/community-events";
import { SocketProvider } from "@/components/realtime/socket-provider";
import { listMyCommunities } from "@/lib/domain/communities";
import { requirePageUser } from "@/lib/queries/pages";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const me = await requirePageUser();
  const communities = await listMyCommunities({ userId: me.id });
  return (
    <SocketProvider>
      <CommunityEvents userId={me.id} />
      <AppShell rail={<CommunityRail initial={communities} />}>{children}</AppShell>
    </SocketProvider>
  );
}
