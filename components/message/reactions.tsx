"use client";

import { clsx } from "clsx";
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { SmilePlus, Users } from "lucide-react";
import type { ReactionDTO } from "@/lib/dto";
import { Dialog } from "@/components/ui/dialog";
import { IconButton } from "@/components/ui/icon-button";
import { useDismiss } from "@/components/ui/use-dismiss";
import { useOpenProfile } from "./profile-opener";
import { EmojiPickerPanel, preloadEmojiPicker } from "./emoji-button";

export const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉", "😮", "😢"];

function describeUsers(reaction: ReactionDTO) {
  const names = reaction.users.map((u) => u.displayName);
  const others = reaction.count - names.length;
  return `${names.join(", ")}${others > 0 ? ` and ${others} more` : ""} reacted with ${reaction.emoji}`;
}

/** Counts under a message: click toggles one's own; hover tells who reacted. */
export function ReactionBar({
  reactions,
  onToggle,
  onPick,
}: {
  reactions: ReactionDTO[];
  onToggle: (emoji: string, add: boolean) => void;
  onPick: (emoji: string) => void;
}) {
  const openProfile = useOpenProfile();
  const [listing, setListing] = useState(false);
  if (reactions.length === 0) return null;
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1" data-testid="reactions">
      {reactions.map((reaction) => (
        <button
          key={reaction.emoji}
          type="button"
          title={describeUsers(reaction)}
          aria-label={`${reaction.emoji} ${reaction.count}: ${describeUsers(reaction)}`}
          aria-pressed={reaction.me}
          onClick={() => onToggle(reaction.emoji, !reaction.me)}
          className={clsx(
            "flex h-6 items-center gap-1 rounded-md border px-1.5 text-sm",
            reaction.me
              ? "border-accent bg-accent/20 text-strong"
              : "border-transparent bg-raised text-muted hover:border-line",
          )}
        >
          <span>{reaction.emoji}</span>
          <span className="text-xs font-semibold tabular-nums">{reaction.count}</span>
        </button>
      ))}
      <EmojiPopover onPick={onPick} label="Add another reaction">
        <SmilePlus className="size-4" />
      </EmojiPopover>
      {openProfile && (
        <>
          <IconButton label="Who reacted" className="p-1" onClick={() => setListing(true)}>
            <Users className="size-4" />
          </IconButton>
          <Dialog open={listing} onOpenChange={setListing} title="Reactions">
            <ul className="flex max-h-[60dvh] flex-col gap-3 overflow-y-auto" data-testid="reaction-list">
              {reactions.map((reaction) => (
                <li key={reaction.emoji}>
                  <h3 className="mb-1 text-sm font-semibold text-strong">
                    {reaction.emoji} <span className="text-muted">{reaction.count}</span>
                  </h3>
                  <ul className="flex flex-wrap gap-1.5">
                    {reaction.users.map((user) => (
                      <li key={user.id}>
                        <button
                          type="button"
                          onClick={() => {
                            setListing(false);
                            openProfile({ userId: user.id });
                          }}
                          className="rounded bg-rail px-2 py-1 text-sm text-text hover:bg-hover"
                        >
                          {user.displayName}
                        </button>
                      </li>
                    ))}
                    {reaction.count > reaction.users.length && (
                      <li className="px-1 py-1 text-sm text-muted">
                        and {reaction.count - reaction.users.length} more
                      </li>
                    )}
                  </ul>
                </li>
              ))}
            </ul>
          </Dialog>
        </>
      )}
    </div>
  );
}

/**
 * A button opening quick reactions and the full emoji picker beside it. Esc or a click outside
 * closes it; the popup is portalled so the virtualized list does not clip it.
 */
export function EmojiPopover({
  onPick,
  label,
  children,
  className,
}: {
  onPick: (emoji: string) => void;
  label: string;
  children: ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const popup = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    if (!open || !button.current) return;
    const rect = button.current.getBoundingClientRect();
    const width = 320;
    const height = 460;
    const top = rect.bottom + height + 8 > window.innerHeight ? Math.max(8, rect.top - height - 4) : rect.bottom + 4;
    setPosition({ top, left: Math.min(Math.max(8, rect.right - width), window.innerWidth - width - 8) });
  }, [open]);

  useDismiss(open, [popup, button], () => setOpen(false));

  const pick = (emoji: string) => {
    setOpen(false);
    onPick(emoji);
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        onPointerEnter={preloadEmojiPicker}
        className={clsx("flex h-6 items-center rounded-md bg-raised px-1.5 text-muted hover:text-text", className)}
      >
        {children}
      </button>
      {open &&
        position &&
        createPortal(
          <div
            ref={popup}
            role="dialog"
            aria-label="Pick an emoji"
            className="fixed z-50 w-[320px] rounded-lg bg-sidebar shadow-xl ring-1 ring-line"
            style={position}
          >
            <div className="flex justify-between gap-1 border-b border-line p-2">
              {QUICK_REACTIONS.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  aria-label={`React with ${emoji}`}
                  onClick={() => pick(emoji)}
                  className="rounded p-1 text-xl hover:bg-hover"
                >
                  {emoji}
                </button>
              ))}
            </div>
            <EmojiPickerPanel width={320} height={400} onPick={pick} />
          </div>,
          document.body,
        )}
    </>
  );
}
