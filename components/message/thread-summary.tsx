"use client";

import { Archive, CheckCircle2, Lock, MessagesSquare } from "lucide-react";
import { clsx } from "clsx";
import { Avatar } from "@/components/ui/avatar";
import type { ThreadDTO } from "@/lib/dto";

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** "5 minutes ago", "yesterday": how long since the last reply. */
export function sinceText(iso: string, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 30],
    ["month", 12],
    ["year", Infinity],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return unit === "second" ? "just now" : relative.format(value, unit);
    value = Math.round(value / size);
  }
  return "";
}

export const replyCountText = (count: number) =>
  count === 0 ? "No replies yet" : `${count} ${count === 1 ? "reply" : "replies"}`;

/** Icons for a thread's states: archived, locked, resolved. */
export function ThreadBadges({ thread }: { thread: ThreadDTO }) {
  return (
    <>
      {thread.resolved && <CheckCircle2 aria-label="Resolved" className="size-3.5 shrink-0 text-emerald-400" />}
      {thread.locked && <Lock aria-label="Locked" className="size-3.5 shrink-0 text-faint" />}
      {thread.archived && <Archive aria-label="Archived" className="size-3.5 shrink-0 text-faint" />}
    </>
  );
}

/** Under a message that opened a thread: its name, replies, last reply and a few posters; opens it. */
export function ThreadSummary({ thread, onOpen }: { thread: ThreadDTO; onOpen: (threadId: string) => void }) {
  return (
    <button
      type="button"
      data-testid="thread-summary"
      onClick={() => onOpen(thread.id)}
      className="mt-1 flex max-w-md items-center gap-2 rounded-md border border-line bg-sidebar px-3 py-2 text-left text-sm hover:border-faint"
    >
      <MessagesSquare aria-hidden className="size-4 shrink-0 text-faint" />
      <span className="sr-only">Open thread</span>
      <span className="min-w-0">
        <span className="flex items-center gap-1.5">
          <span className="truncate font-semibold text-strong">{thread.name}</span>
          <ThreadBadges thread={thread} />
        </span>
        <span className="flex items-center gap-1.5 text-xs text-muted">
          <span className="font-semibold text-link" data-testid="thread-reply-count">
            {replyCountText(thread.replyCount)}
          </span>
          {thread.lastReplyAt && (
            <time suppressHydrationWarning dateTime={thread.lastReplyAt} className="text-faint">
              {sinceText(thread.lastReplyAt)}
            </time>
          )}
        </span>
      </span>
      {thread.participants.length > 0 && <Participants thread={thread} className="ml-auto pl-2" />}
    </button>
  );
}

/** The latest posters' avatars, overlapping. */
export function Participants({ thread, className }: { thread: ThreadDTO; className?: string }) {
  return (
    <span className={clsx("flex -space-x-1.5", className)}>
      {thread.participants.map((user) => (
        <Avatar key={user.id} name={user.displayName} seed={user.id} size={20} className="ring-2 ring-sidebar" />
      ))}
    </span>
  );
}
