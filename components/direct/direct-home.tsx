"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { Menu, MessageCircle } from "lucide-react";
import { useNav } from "@/components/shell/app-shell";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { onFirstOpen } from "@/components/ui/on-first-open";
import { conversationPath, conversationTitle } from "@/lib/conversation-title";
import type { UserSummary } from "@/lib/dto";
import { ConversationIcon } from "./conversation-icon";
import { useConversations } from "./conversations-provider";

const NewConversationDialog = onFirstOpen(
  dynamic(() => import("./new-conversation-dialog").then((module) => module.NewConversationDialog), { ssr: false }),
);

/** The Direct messages home: the latest conversations (the list itself on a phone), and "New message". */
export function DirectHome({ me }: { me: UserSummary }) {
  const { setOpen } = useNav();
  const { conversations } = useConversations();
  const [creating, setCreating] = useState(false);
  return (
    <main className="flex min-w-0 flex-1 flex-col bg-main">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-black/30 px-4 shadow-sm">
        <IconButton label="Open navigation" className="md:hidden" onClick={() => setOpen(true)}>
          <Menu className="size-5" />
        </IconButton>
        <MessageCircle className="size-5 text-faint" aria-hidden />
        <h1 className="font-semibold text-strong">Direct messages</h1>
        <Button className="ml-auto py-1" onClick={() => setCreating(true)}>
          New message
        </Button>
      </header>
      <div className="flex-1 overflow-y-auto p-4">
        {conversations.length === 0 ? (
          <div className="mx-auto mt-16 flex max-w-sm flex-col items-center gap-3 text-center">
            <span className="flex size-16 items-center justify-center rounded-full bg-raised">
              <MessageCircle className="size-8 text-muted" aria-hidden />
            </span>
            <h2 className="text-xl font-bold text-strong">No direct messages yet</h2>
            <p className="text-muted">
              Message anyone who shares a community with you: choose &ldquo;New message&rdquo;, or &ldquo;Message&rdquo;
              on their profile card.
            </p>
          </div>
        ) : (
          <section aria-labelledby="recent-conversations" className="mx-auto max-w-2xl">
            <h2 id="recent-conversations" className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">
              Recent conversations
            </h2>
            <ul className="flex flex-col gap-1">
              {conversations.slice(0, 30).map((conversation) => (
                <li key={conversation.id}>
                  <Link
                    href={conversationPath(conversation)}
                    className="flex items-center gap-3 rounded px-3 py-2 text-text hover:bg-hover"
                  >
                    <ConversationIcon conversation={conversation} meId={me.id} size={40} />
                    <span className="min-w-0 flex-1 truncate font-medium">
                      {conversationTitle(conversation, me.id)}
                    </span>
                    {conversation.kind === "GROUP" && (
                      <span className="shrink-0 text-sm text-muted">{conversation.participants.length} members</span>
                    )}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <NewConversationDialog open={creating} onOpenChange={setCreating} />
    </main>
  );
}
