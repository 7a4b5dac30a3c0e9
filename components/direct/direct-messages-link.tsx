"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { MessageCircle } from "lucide-react";
import { useCombinedBadge } from "@/components/realtime/read-state-provider";
import { badgeText } from "@/lib/unread";
import { useConversations } from "./conversations-provider";

/** The top of the rail: "Direct messages", with the unread count of every conversation. */
export function DirectMessagesLink({ active }: { active: boolean }) {
  const { ids } = useConversations();
  const { badge, unread } = useCombinedBadge(ids);
  return (
    <Link
      href="/dm"
      title="Direct messages"
      aria-current={active ? "page" : undefined}
      aria-describedby={badge > 0 ? "direct-messages-badge" : undefined}
      className="group relative flex w-full shrink-0 justify-center"
    >
      <span
        className={clsx(
          "absolute left-0 top-1/2 w-1 -translate-y-1/2 rounded-r bg-white transition-all",
          active ? "h-10" : unread ? "h-2 group-hover:h-5" : "h-0 group-hover:h-5",
        )}
      />
      <span
        className={clsx(
          "flex size-12 items-center justify-center transition-all",
          active
            ? "rounded-2xl bg-accent text-white"
            : "rounded-3xl bg-main text-text group-hover:rounded-2xl group-hover:bg-accent group-hover:text-white",
        )}
      >
        <MessageCircle className="size-6" aria-hidden />
      </span>
      <span className="sr-only">Direct messages</span>
      {badge > 0 && (
        <span
          id="direct-messages-badge"
          data-testid="direct-messages-badge"
          aria-label={`${badge} unread`}
          className="absolute bottom-0 right-2.5 min-w-5 rounded-full border-[3px] border-rail bg-danger-solid px-1 text-center text-xs font-bold leading-[14px] text-white"
        >
          {badgeText(badge)}
        </span>
      )}
    </Link>
  );
}
