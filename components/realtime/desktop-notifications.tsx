"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { plainText } from "@/lib/plain-text";
import { useSocketEvent } from "@/components/realtime/socket-provider";
import { useMyStatus } from "@/components/realtime/my-status";
import { useAlertDecision, useReadActions } from "@/components/realtime/read-state-provider";
import type { AlertActivity } from "@/components/realtime/read-counts";
import type { ChannelActivities, MessageDTO, MessagePage, UserSummary } from "@/lib/dto";
import type { Result } from "@/lib/errors";

const STORAGE_KEY = "desktopNotifications";
const supported = () => typeof window !== "undefined" && "Notification" in window;
/** On when the browser allows it and the user turned it on in this browser. */
const enabled = () =>
  supported() && Notification.permission === "granted" && localStorage.getItem(STORAGE_KEY) === "on";

function useDesktopSetting() {
  const [on, setOn] = useState(false);
  useEffect(() => setOn(enabled()), []);
  const toggle = useCallback(async () => {
    if (!supported()) return toast.error("This browser cannot show desktop notifications.");
    if (on) {
      localStorage.setItem(STORAGE_KEY, "off");
      return setOn(false);
    }
    const permission = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
    if (permission !== "granted")
      return toast.error("Notifications are blocked for this site: allow them in the browser's site settings.");
    localStorage.setItem(STORAGE_KEY, "on");
    setOn(true);
    toast.success("Desktop notifications are on for this browser.");
  }, [on]);
  return { on, toggle };
}

/**
 * Desktop notifications for messages that arrive while the tab is in the background, following
 * each channel's notification level (all messages, only mentions, nothing). The activity event
 * carries no text, so the message is read through the history route, as the reader may.
 */
export function DesktopNotifications({ me }: { me: UserSummary }) {
  const router = useRouter();
  const alertFor = useAlertDecision();
  const { views } = useReadActions();
  const inBackground = () => !(document.visibilityState === "visible" && document.hasFocus());
  // do not disturb: badges only
  const quiet = useMyStatus().status.mode === "DND";

  const show = useCallback(
    (message: MessageDTO, where: { communityId: string; parentId: string | null }) => {
      const notification = new Notification(message.author.displayName, {
        body: plainText(message.content).slice(0, 180) || "Sent an attachment",
        tag: message.channelId,
      });
      const path = where.parentId
        ? `/c/${where.communityId}/${where.parentId}?thread=${message.channelId}&m=${message.id}`
        : `/c/${where.communityId}/${message.channelId}?m=${message.id}`;
      notification.onclick = () => {
        window.focus();
        router.push(path);
        notification.close();
      };
    },
    [router],
  );

  // elsewhere: the activity carries no text, so the message is read through the history route
  const alerted = useRef<string[]>([]);
  const onActivity = useCallback(
    async (activity: AlertActivity) => {
      if (quiet || !enabled() || !inBackground() || alerted.current.includes(activity.messageId)) return;
      const where = alertFor(activity, me.id);
      if (!where) return;
      alerted.current = [...alerted.current.slice(-99), activity.messageId]; // a mention's batch does not alert again
      const response = await fetch(
        `/api/channels/${activity.channelId}/messages?around=${activity.messageId}&limit=1`,
        { cache: "no-store" },
      ).catch(() => null);
      const page = (await response?.json().catch(() => null)) as Result<MessagePage> | null;
      const message = page?.ok ? page.data.messages.find((m) => m.id === activity.messageId) : undefined;
      if (message) show(message, where);
    },
    [alertFor, me.id, show, quiet],
  );
  useSocketEvent("mention:activity", onActivity);
  // a batch of new messages: the newest of each channel this tab does not show (one notification per channel)
  const onActivities = useCallback(
    (batch: ChannelActivities) => {
      for (const { channelId, messages } of batch.channels) {
        const newest = messages.findLast(([, authorId]) => authorId !== me.id);
        if (!newest || views(channelId)) continue;
        const [messageId, authorId, everyone] = newest;
        void onActivity({
          communityId: batch.communityId,
          channelId,
          messageId,
          authorId,
          kind: "new",
          mentionIds: [],
          mentionsEveryone: everyone === 1,
        });
      }
    },
    [me.id, onActivity, views],
  );
  useSocketEvent("channel:activities", onActivities);

  // in a channel this tab shows, while the window is in the background
  const onMessage = useCallback(
    (message: MessageDTO) => {
      if (quiet || !enabled() || !inBackground() || message.type === "SYSTEM") return;
      const mentioned = message.mentions.includes(me.username);
      const where = alertFor(
        {
          channelId: message.channelId,
          messageId: message.id,
          authorId: message.author.id,
          kind: "new",
          mentionIds: mentioned ? [me.id] : [],
          mentionsEveryone: message.mentionsEveryone,
        },
        me.id,
      );
      if (where) show(message, where);
    },
    [alertFor, me.id, me.username, show, quiet],
  );
  useSocketEvent("message:new", onMessage);
  return null;
}

/** This browser's desktop notifications, on or off (user settings). */
export function DesktopNotificationsSwitch() {
  const { on, toggle } = useDesktopSetting();
  return (
    <label className="flex cursor-pointer items-center justify-between gap-4 rounded bg-rail p-3">
      <span>
        <span className="block text-sm font-medium text-strong">Desktop notifications in this browser</span>
        <span className="block text-sm text-muted">
          For messages that arrive while this tab is in the background, following each channel&apos;s level.
        </span>
      </span>
      <input
        type="checkbox"
        role="switch"
        checked={on}
        onChange={() => void toggle()}
        className="size-5 shrink-0 accent-accent"
      />
    </label>
  );
}
