"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import { SmilePlus } from "lucide-react";
import { useState } from "react";
import { QUICK_REACTIONS } from "./reactions";
import { EmojiPickerPanel } from "./emoji-button";
import type { SheetAction } from "./sheet-actions";

/**
 * What a tap on a message opens on a touch screen (no hover there, so no toolbar): a sheet from the
 * bottom with quick reactions and every action the toolbar offers, each a 48 px row. Esc, the
 * backdrop or an action closes it.
 */
export function MessageActionSheet({
  open,
  onOpenChange,
  authorName,
  preview,
  reacted,
  onReact,
  actions,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  authorName: string;
  preview: string;
  /** emojis the viewer already reacted with (a tap takes them back) */
  reacted: string[];
  onReact: (emoji: string) => void;
  actions: SheetAction[];
}) {
  const [picking, setPicking] = useState(false);
  const close = (then: () => void) => () => {
    setPicking(false);
    onOpenChange(false);
    then();
  };
  return (
    <RadixDialog.Root
      open={open}
      onOpenChange={(value) => {
        if (!value) setPicking(false);
        onOpenChange(value);
      }}
    >
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <RadixDialog.Content
          data-testid="message-actions"
          className="fixed inset-x-0 bottom-0 z-50 max-h-[85dvh] overflow-y-auto rounded-t-2xl bg-sidebar px-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] pt-2 shadow-2xl outline-none"
        >
          <div className="mx-auto mb-2 h-1 w-10 rounded-full bg-faint/40" aria-hidden />
          <RadixDialog.Title className="sr-only">Message from {authorName}</RadixDialog.Title>
          <RadixDialog.Description className="truncate px-1 pb-2 text-sm text-muted">
            <span className="font-medium text-text">{authorName}</span>
            {preview ? `: ${preview}` : ""}
          </RadixDialog.Description>
          <div className="flex justify-between gap-1 pb-2" role="group" aria-label="Quick reactions">
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                aria-label={`React with ${emoji}`}
                aria-pressed={reacted.includes(emoji)}
                onClick={close(() => onReact(emoji))}
                className={clsx(
                  "flex size-12 items-center justify-center rounded-full bg-main text-2xl",
                  reacted.includes(emoji) && "ring-2 ring-accent",
                )}
              >
                {emoji}
              </button>
            ))}
            <button
              type="button"
              aria-label="More reactions"
              aria-expanded={picking}
              onClick={() => setPicking((value) => !value)}
              className={clsx(
                "flex size-12 items-center justify-center rounded-full bg-main text-muted",
                picking && "ring-2 ring-accent",
              )}
            >
              <SmilePlus className="size-6" aria-hidden />
            </button>
          </div>
          {picking && (
            <div className="pb-2" data-testid="sheet-emoji-picker">
              <EmojiPickerPanel
                width={Math.min(window.innerWidth - 24, 480)}
                height={360}
                onPick={(emoji) => close(() => onReact(emoji))()}
              />
            </div>
          )}
          <ul className={clsx("overflow-hidden rounded-lg bg-main", picking && "hidden")}>
            {actions.map((action) => (
              <li key={action.label} className="border-b border-black/20 last:border-b-0">
                <button
                  type="button"
                  onClick={close(action.run)}
                  className={clsx(
                    "flex min-h-12 w-full items-center gap-3 px-4 text-left text-[15px]",
                    action.danger ? "text-danger" : "text-text",
                  )}
                >
                  {action.icon}
                  {action.label}
                </button>
              </li>
            ))}
          </ul>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
