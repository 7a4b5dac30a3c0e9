"use client";

import { clsx } from "clsx";
import { MessageCircle } from "lucide-react";
import { RailLink, railIcon } from "@/components/ui/rail-link";
import { useCombinedBadge } from "@/components/realtime/read-state-provider";
import { useConversations } from "./conversations-provider";

/** The top of the rail: "Direct messages", with the unread count of every conversation. */
export function DirectMessagesLink({ active }: { active: boolean }) {
  const { ids } = useConversations();
  const { badge, unread } = useCombinedBadge(ids);
  return (
    <RailLink
      href="/dm"
      name="Direct messages"
      active={active}
      unread={unread}
      badge={badge}
      badgeId="direct-messages-badge"
      badgeTestId="direct-messages-badge"
    >
      <span className={clsx("flex items-center justify-center", railIcon(active), !active && "text-text")}>
        <MessageCircle className="size-6" aria-hidden />
      </span>
    </RailLink>
  );
}
