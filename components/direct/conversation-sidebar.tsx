"use client";

import { clsx } from "clsx";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { Plus, Users } from "lucide-react";
import { useCommunityBadge } from "@/components/realtime/read-state-provider";
import { UserPanel } from "@/components/settings/user-panel";
import { IconButton } from "@/components/ui/icon-button";
import { onFirstOpen } from "@/components/ui/on-first-open";
import { conversationPath, conversationTitle } from "@/lib/conversation-title";
import type { ConversationDTO, UserSummary } from "@/lib/dto";
import { badgeText } from "@/lib/unread";
import { ConversationIcon } from "./conversation-icon";
import { useConversations } from "./conversations-provider";

// loads when first opened
const NewConversationDialog = onFirstOpen(
  dynamic(() => import("./new-conversation-dialog").then((module) => module.NewConversationDialog), { ssr: false }),
);

/** The "Direct messages" column: conversations by last activity, with their badges, a filter and "New message". */
export function ConversationSidebar({ me, avatarUrl }: { me: UserSummary; avatarUrl: string | null }) {
  const { conversations } = useConversations();
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const params = useParams<{ communityId?: string }>();
  const words = query.trim().toLowerCase();
  const shown = words
    ? conversations.filter(
        (c) =>
          conversationTitle(c, me.id).toLowerCase().includes(words) ||
          c.participants.some((p) => p.id !== me.id && p.username.startsWith(words)),
      )
    : conversations;

  return (
    <aside aria-label="Direct messages" className="flex h-full w-60 flex-col bg-sidebar">
      <header className="flex h-12 shrink-0 items-center border-b border-black/30 px-2.5 shadow-sm">
        <input
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Find a conversation"
          aria-label="Find a conversation"
          className="h-7 w-full rounded bg-rail px-2 text-sm text-text outline-none placeholder:text-faint focus:ring-2 focus:ring-accent"
        />
      </header>
      <div className="flex-1 overflow-y-auto px-2 py-3">
        <div className="mb-1 flex items-center justify-between px-2 text-xs font-semibold uppercase tracking-wide text-muted">
          <h2>Direct messages</h2>
          <IconButton label="New message" className="p-0 hover:bg-transparent" onClick={() => setCreating(true)}>
            <Plus className="size-4" />
          </IconButton>
        </div>
        {shown.length > 0 ? (
          <ul aria-label="Conversations" className="flex flex-col gap-0.5">
            {shown.map((conversation) => (
              <li key={conversation.id}>
                <ConversationLink
                  conversation={conversation}
                  meId={me.id}
                  active={params.communityId === conversation.id}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className="px-2 py-4 text-sm text-muted">
            {words ? (
              "No conversation matches."
            ) : (
              <>
                No conversations yet. Start one with <span className="font-semibold text-text">+</span>, or with
                &ldquo;Message&rdquo; on someone&apos;s profile card.
              </>
            )}
          </p>
        )}
      </div>
      <UserPanel me={me} avatarUrl={avatarUrl} />
      <NewConversationDialog open={creating} onOpenChange={setCreating} />
    </aside>
  );
}

/** One conversation: its picture, name (bright while unread) and badge. */
function ConversationLink({
  conversation,
  meId,
  active,
}: {
  conversation: ConversationDTO;
  meId: string;
  active: boolean;
}) {
  const { badge, unread } = useCommunityBadge(conversation.id);
  const title = conversationTitle(conversation, meId);
  const badgeId = `conversation-badge-${conversation.id}`;
  return (
    <Link
      href={conversationPath(conversation)}
      aria-current={active ? "page" : undefined}
      aria-describedby={badge > 0 ? badgeId : undefined}
      data-testid="conversation-link"
      className={clsx(
        "flex items-center gap-3 rounded px-2 py-1.5",
        active ? "bg-raised text-strong" : "text-muted hover:bg-hover hover:text-text",
        unread && !active && "text-strong",
      )}
    >
      <ConversationIcon conversation={conversation} meId={meId} size={32} />
      <span className="min-w-0 flex-1 leading-tight">
        <span className={clsx("block truncate text-[15px]", unread && "font-semibold")}>{title}</span>
        {conversation.kind === "GROUP" && (
          <span className="flex items-center gap-1 text-xs text-muted">
            <Users className="size-3" aria-hidden />
            {conversation.participants.length} {conversation.participants.length === 1 ? "member" : "members"}
          </span>
        )}
      </span>
      {badge > 0 && (
        <span
          id={badgeId}
          data-testid="conversation-badge"
          aria-label={`${badge} unread`}
          className="min-w-5 rounded-full bg-danger-solid px-1.5 text-center text-xs font-bold leading-5 text-white"
        >
          {badgeText(badge)}
        </span>
      )}
    </Link>
  );
}
