"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useSocket, useSocketEvent } from "@/components/realtime/socket-provider";
import type { MessageDTO } from "@/lib/dto";

/** A typer disappears this long after their last keystroke reached us (they repeat every TYPING_REPEAT_MS). */
const TYPING_TTL_MS = 6_000;
const TYPING_REPEAT_MS = 3_000;

export function typingText(names: string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return "Several people are typing…";
}

/** Who else is typing in the channel, and `notifyTyping` for the composer (throttled). */
export function useTyping(channelId: string, meId: string, isBlocked: (userId: string) => boolean = () => false) {
  const { socket } = useSocket();
  const [typers, setTypers] = useState<Map<string, { name: string; until: number }>>(new Map());
  const lastSent = useRef(0);

  const onTyping = useCallback(
    ({ channelId: where, userId, displayName }: { channelId: string; userId: string; displayName: string }) => {
      if (where !== channelId || userId === meId || isBlocked(userId)) return;
      setTypers((current) => new Map(current).set(userId, { name: displayName, until: Date.now() + TYPING_TTL_MS }));
    },
    [channelId, meId, isBlocked],
  );
  useSocketEvent("typing", onTyping);
  // A message from a typer ends their typing.
  const onMessage = useCallback(
    (message: MessageDTO) => {
      if (message.channelId !== channelId) return;
      setTypers((current) => {
        if (!current.has(message.author.id)) return current;
        const next = new Map(current);
        next.delete(message.author.id);
        return next;
      });
    },
    [channelId],
  );
  useSocketEvent("message:new", onMessage);

  useEffect(() => {
    if (typers.size === 0) return;
    const soonest = Math.min(...[...typers.values()].map((t) => t.until));
    const timer = setTimeout(
      () => {
        const now = Date.now();
        setTypers((current) => new Map([...current].filter(([, t]) => t.until > now)));
      },
      Math.max(0, soonest - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [typers]);

  const notifyTyping = useCallback(() => {
    const now = Date.now();
    if (!socket || now - lastSent.current < TYPING_REPEAT_MS) return;
    lastSent.current = now;
    socket.emit("typing:start", { channelId });
  }, [socket, channelId]);
  // After a send the next keystroke announces typing again at once.
  const resetTyping = useCallback(() => {
    lastSent.current = 0;
  }, []);

  const names = [...typers]
    .filter(([userId]) => !isBlocked(userId)) // blocked while typing: gone at once
    .sort(([, a], [, b]) => a.until - b.until)
    .map(([, t]) => t.name);
  return { text: typingText(names), notifyTyping, resetTyping };
}

export function TypingIndicator({ text }: { text: string | null }) {
  return (
    <div
      aria-live="polite"
      data-testid="typing-indicator"
      className="flex h-6 items-center gap-1.5 px-4 text-xs text-text"
    >
      {text && (
        <>
          <span aria-hidden className="flex gap-0.5">
            {[0, 150, 300].map((delay) => (
              <span
                key={delay}
                className="size-1.5 animate-bounce rounded-full bg-muted"
                style={{ animationDelay: `${delay}ms` }}
              />
            ))}
          </span>
          <span className="font-semibold">{text}</span>
        </>
      )}
    </div>
  );
}
