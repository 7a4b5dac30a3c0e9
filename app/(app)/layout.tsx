import { AppShell } from "@/components/shell/app-shell";
import { CommunityRail } from "@/components/community/community-rail";
import { CommunityEvents } from "@/components/realtime/community-events";
import { PresenceReporter } from "@/components/realtime/presence";
import { ReadStateProvider } from "@/components/realtime/read-state-provider";
import { DesktopNotifications } from "@/components/realtime/desktop-notifications";
import { OutboxDrain } from "@/components/message/outbox-drain";
import { SocketProvider } from "@/components/realtime/socket-provider";
import { MyStatusProvider } from "@/components/realtime/my-status";
import { getMyStatus } from "@/lib/domain/status";
import { listBlockedIds } from "@/lib/domain/blocks";
import { listMyCommunities } from "@/lib/domain/communities";
import { listMyConversations } from "@/lib/domain/conversations";
import { ConversationsProvider } from "@/components/direct/conversations-provider";
import { PeopleProvider } from "@/components/realtime/people";
import { countMyInvitations } from "@/lib/domain/invitations";
import { listReadStates } from "@/lib/domain/read-state";
import { isAppAdmin } from "@/lib/domain/app-admins";
import { quotaStatus } from "@/lib/domain/billing";
import { QuotaBanner } from "@/components/admin/quota-banner";
import { requirePageUser } from "@/lib/queries/pages";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const me = await requirePageUser();
  const actor = { userId: me.id };
  const [communities, conversations, readStates, blocked, appAdmin, invitationCount, status] = await Promise.all([
    listMyCommunities(actor),
    listMyConversations(actor),
    listReadStates(actor),
    listBlockedIds(actor),
    isAppAdmin(actor),
    countMyInvitations(actor),
    getMyStatus(actor),
  ]);
  return (
    <SocketProvider>
      <MyStatusProvider initial={status}>
        <ReadStateProvider initial={readStates} initialBlocked={blocked} me={me}>
          <PeopleProvider>
            <ConversationsProvider initial={conversations} meId={me.id}>
              <CommunityEvents userId={me.id} />
              <PresenceReporter />
              <DesktopNotifications me={me} />
              <OutboxDrain userId={me.id} />
              <AppShell
                rail={<CommunityRail initial={communities} appAdmin={appAdmin} invitationCount={invitationCount} />}
                banner={appAdmin ? <QuotaBanner status={await quotaStatus(actor)} /> : null}
              >
                {children}
              </AppShell>
            </ConversationsProvider>
          </PeopleProvider>
        </ReadStateProvider>
      </MyStatusProvider>
    </SocketProvider>
  );
}
