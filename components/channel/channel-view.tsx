"use client";

import { Hash, Menu } from "lucide-react";
import { useNav } from "@/components/community/app-shell";
import { Composer } from "@/components/message/composer";
import { MessageList } from "@/components/message/message-list";
import { useChannelMessages } from "@/components/message/use-channel-messages";
import type { ChannelDTO, MessagePage, UserSummary } from "@/lib/dto";

/** The right pane: channel header, live history and the composer. */
export function ChannelView({ channel, initialPage, me }: { channel: ChannelDTO; initialPage: MessagePage; me: UserSummary }) {
  const { setOpen } = useNav();
  const { messages, hasOlder, loadingOlder, loadOlder, firstItemIndex, send, retry, discard } = useChannelMessages(channel.id, initialPage, me);

  return (
    <main className="flex min-w-0 flex-1 flex-col bg-main">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-black/30 px-4 shadow-sm">
        <button type="button" className="rounded p-1 text-muted hover:text-text md:hidden" aria-label="Open navigation" onClick={() => setOpen(true)}>
          <Menu className="size-5" />
        </button>
        <Hash className="size-6 shrink-0 text-faint" />
        <h1 className="truncate font-semibold text-white">{channel.name}</h1>
        {channel.topic && (
          <>
            <span className="mx-2 hidden h-6 w-px bg-line sm:block" />
            <p className="hidden truncate text-sm text-muted sm:block" title={channel.topic}>
              {channel.topic}
            </p>
          </>
        )}
      </header>
      <MessageList
        channelName={channel.name}
        messages={messages}
        firstItemIndex={firstItemIndex}
        hasOlder={hasOlder}
        loadingOlder={loadingOlder}
        onLoadOlder={loadOlder}
        onRetry={retry}
        onDiscard={discard}
      />
      <Composer channelName={channel.name} onSend={send} />
    </main>
  );
}
