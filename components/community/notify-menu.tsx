"use client";

import { Bell, BellOff } from "lucide-react";
import { onDemand } from "@/components/ui/on-demand";
import { MenuOnDemand } from "@/components/ui/menu-on-demand";
import { useCommunityBadge, useReadActions } from "@/components/realtime/read-state-provider";
import type { NotifyLevel } from "@/lib/dto";

export const levelLabels: Record<NotifyLevel, string> = {
  ALL: "All messages",
  MENTIONS: "Only @mentions",
  NONE: "Nothing",
};

export type NotifyMenuProps =
  | {
      scope: "channel";
      channelId: string;
      channelName: string;
      notify: NotifyLevel | null;
      communityNotify: NotifyLevel;
      canMarkRead: boolean;
      onMarkRead: () => void;
      className?: string;
    }
  | {
      scope: "community";
      communityId: string;
      communityName: string;
      notify: NotifyLevel;
      canMarkRead: boolean;
      onMarkRead: () => void;
      className?: string;
    };

/** The menu's trigger: its name, look and bell (crossed out when nothing notifies). */
export function notifyTrigger(props: NotifyMenuProps) {
  const name = props.scope === "channel" ? `#${props.channelName}` : props.communityName;
  const effective = props.scope === "channel" ? (props.notify ?? props.communityNotify) : props.notify;
  return {
    "aria-label": `Notification settings for ${name}`,
    title: "Notification settings",
    className: props.className ?? "rounded p-1 text-muted hover:bg-hover hover:text-text data-[state=open]:text-text",
    children: effective === "NONE" ? <BellOff className="size-4" /> : <Bell className="size-4" />,
  };
}

const dropdown = onDemand(() => import("./notify-dropdown").then((module) => module.NotifyDropdown));

/**
 * Notification setting and "Mark as read" for a channel or a community. A channel can follow its
 * community's setting ("Default") or have its own.
 */
export function NotifyMenu(props: NotifyMenuProps) {
  return <MenuOnDemand menu={dropdown} props={props} trigger={notifyTrigger(props)} />;
}

/** A community's (or conversation's) notification setting and "Mark as read", from its header. */
export function CommunityNotifyMenu({ communityId, communityName }: { communityId: string; communityName: string }) {
  const { badge, unread, notify } = useCommunityBadge(communityId);
  const { markCommunityRead } = useReadActions();
  return (
    <NotifyMenu
      scope="community"
      communityId={communityId}
      communityName={communityName}
      notify={notify}
      canMarkRead={badge > 0 || unread}
      onMarkRead={() => void markCommunityRead(communityId)}
      className="rounded p-1 text-muted hover:bg-hover hover:text-text data-[state=open]:text-text [&>svg]:size-[18px]"
    />
  );
}
