import type { Metadata } from "next";
import { NavColumn } from "@/components/shell/app-shell";
import { ConversationSidebar } from "@/components/direct/conversation-sidebar";
import { DirectHome } from "@/components/direct/direct-home";
import { getMyAccount } from "@/lib/domain/account";
import { requirePageUser } from "@/lib/queries/pages";

export const metadata: Metadata = { title: "Direct messages" };

/** "Direct messages": the conversation list, and a place to start one. */
export default async function DirectMessagesPage() {
  const me = await requirePageUser("/dm");
  const account = await getMyAccount({ userId: me.id });
  return (
    <>
      <NavColumn>
        <ConversationSidebar me={me} avatarUrl={account.avatarUrl} />
      </NavColumn>
      <DirectHome me={me} />
    </>
  );
}
