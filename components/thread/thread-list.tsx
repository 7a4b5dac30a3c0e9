"use client";

import { clsx } from "clsx";
import { useCallback, useEffect, useRef, useState } from "react";
import { MessagesSquare, X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { useEscapeToClose } from "@/components/ui/use-escape-to-close";
import { useSocket, useSocketEvent } from "@/components/realtime/socket-provider";
import { request } from "@/components/realtime/request";
import type { ThreadDTO } from "@/lib/dto";
import { Participants, ThreadBadges, replyCountText, sinceText } from "@/components/message/thread-summary";

type Status = "all" | "open" | "resolved";
const byActivity = (a: ThreadDTO, b: ThreadDTO) =>
  a.activityAt === b.activityAt ? (a.id < b.id ? 1 : -1) : a.activityAt < b.activityAt ? 1 : -1;

/** A channel's threads, active or archived, by last activity, a page at a time; live while open. */
export function ThreadList({
  channelId,
  onOpen,
  onClose,
}: {
  channelId: string;
  onOpen: (threadId: string) => void;
  onClose: () => void;
}) {
  const { socket } = useSocket();
  const [archived, setArchived] = useState(false);
  const [status, setStatus] = useState<Status>("all");
  const [threads, setThreads] = useState<ThreadDTO[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const generation = useRef(0);

  const load = useCallback(
    async (from: string | null) => {
      if (!socket) return;
      const mine = ++generation.current;
      setLoading(true);
      const result = await request(socket, "thread:list", {
        channelId,
        archived,
        status,
        ...(from ? { cursor: from } : {}),
      });
      if (mine !== generation.current) return;
      setLoading(false);
      if (!result.ok) return setFailure(result.message);
      setFailure(null);
      setThreads((current) => (from ? [...current, ...result.data.threads] : result.data.threads));
      setCursor(result.data.nextCursor);
    },
    [socket, channelId, archived, status],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  // A thread that changes moves to its place, or leaves this tab (archived, resolved…).
  const onThread = useCallback(
    (thread: ThreadDTO) => {
      if (thread.parentId !== channelId) return;
      const belongs = thread.archived === archived && (status === "all" || thread.resolved === (status === "resolved"));
      setThreads((current) => {
        const rest = current.filter((t) => t.id !== thread.id);
        return belongs ? [...rest, thread].sort(byActivity) : rest;
      });
    },
    [channelId, archived, status],
  );
  useSocketEvent("thread:updated", onThread);

  useEscapeToClose(onClose);

  const tab = (active: boolean) =>
    clsx(
      "rounded px-2 py-1 text-sm font-medium",
      active ? "bg-raised text-strong" : "text-muted hover:bg-hover hover:text-text",
    );
  return (
    <section
      aria-label="Threads"
      data-testid="thread-list"
      className="fixed inset-0 z-40 flex min-w-0 flex-col border-l border-black/30 bg-main md:static md:z-auto md:w-[420px] md:shrink-0"
    >
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-black/30 px-4">
        <MessagesSquare className="size-5 text-faint" aria-hidden />
        <h2 className="font-semibold text-strong">Threads</h2>
        <IconButton label="Close threads" className="ml-auto" onClick={onClose}>
          <X className="size-5" />
        </IconButton>
      </header>
      <div
        className="flex flex-wrap items-center gap-1 border-b border-black/30 px-3 py-2"
        role="toolbar"
        aria-label="Thread filters"
      >
        <button type="button" className={tab(!archived)} aria-pressed={!archived} onClick={() => setArchived(false)}>
          Active
        </button>
        <button type="button" className={tab(archived)} aria-pressed={archived} onClick={() => setArchived(true)}>
          Archived
        </button>
        <label className="ml-auto flex items-center gap-1 text-xs text-muted">
          Show
          <select
            value={status}
            onChange={(event) => setStatus(event.target.value as Status)}
            className="rounded bg-rail px-1.5 py-1 text-sm text-text outline-none focus-visible:ring-1 focus-visible:ring-accent"
          >
            <option value="all">All</option>
            <option value="open">Open questions</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-2">
        {failure && (
          <p role="alert" className="p-4 text-center text-sm text-danger">
            {failure}
          </p>
        )}
        {!failure && !loading && threads.length === 0 && (
          <div className="flex flex-col items-center gap-2 p-8 text-center text-sm text-muted">
            <MessagesSquare className="size-10 text-faint" aria-hidden />
            {archived
              ? "No archived threads."
              : "No active threads. Start one from a message: hover it and pick “Create thread”."}
          </div>
        )}
        <ul className="flex flex-col gap-1">
          {threads.map((thread) => (
            <li key={thread.id}>
              <button
                type="button"
                onClick={() => onOpen(thread.id)}
                className="flex w-full items-center gap-3 rounded-md bg-sidebar px-3 py-2 text-left hover:bg-hover"
              >
                <span className="min-w-0 flex-1">
                  <span className="flex items-center gap-1.5">
                    <span className="truncate font-semibold text-strong">{thread.name}</span>
                    <ThreadBadges thread={thread} />
                  </span>
                  <span className="text-xs text-muted">
                    {replyCountText(thread.replyCount)} ·{" "}
                    <span suppressHydrationWarning>{sinceText(thread.activityAt)}</span>
                  </span>
                </span>
                <Participants thread={thread} />
              </button>
            </li>
          ))}
        </ul>
        {loading && (
          <p className="p-3 text-center text-xs text-muted" role="status">
            Loading threads…
          </p>
        )}
        {!loading && cursor && (
          <button
            type="button"
            onClick={() => void load(cursor)}
            className="mt-2 w-full rounded py-2 text-sm text-link hover:bg-hover"
          >
            Load more
          </button>
        )}
      </div>
    </section>
  );
}
