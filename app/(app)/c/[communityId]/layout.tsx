import type { Metadata } from "next";
import { NavColumn } from "@/components/shell/app-shell";
import { ChannelSidebar } from "@/components/community/channel-sidebar";
import { ConversationSidebar } from "@/components/direct/conversation-sidebar";
import { getMyAccount } from "@/lib/domain/account";
import { getCommunityView } from "@/lib/domain/communities";
import { getConversation } from "@/lib/domain/conversations";
import { currentActor } from "@/lib/auth";
import { conversationTitle } from "@/lib/conversation-title";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

type Params = { params: Promise<{ communityId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const actor = await currentActor();
  if (!actor) return {};
  const { communityId } = await params;
  const view = await getCommunityView(actor, communityId).catch(() => null);
  if (!view) return {};
  if (view.kind === "COMMUNITY") return { title: view.community.name };
  const conversation = await getConversation(actor, communityId).catch(() => null);
  return conversation ? { title: conversationTitle(conversation, actor.userId) } : {};
}

/** A community's channels beside its pages; a direct or group conversation has the conversation list instead. */
export default async function CommunityLayout({ children, params }: Params & { children: React.ReactNode }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}`);
  const [{ kind, community, channels, categories }, account] = await Promise.all([
    readOrNotFound(() => getCommunityView({ userId: me.id }, communityId)),
    getMyAccount({ userId: me.id }),
  ]);
  return (
    <>
      <NavColumn>
        {kind === "COMMUNITY" ? (
          <ChannelSidebar
            community={community}
            channels={channels}
            categories={categories}
            me={me}
            avatarUrl={account.avatarUrl}
          />
        ) : (
          <ConversationSidebar me={me} avatarUrl={account.avatarUrl} />
        )}
      </NavColumn>
      {children}
    </>
  );
}
