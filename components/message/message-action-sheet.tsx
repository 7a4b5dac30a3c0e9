"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import { Copy, Link2, MessagesSquare, Pencil, Pin, PinOff, Reply, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { plainText } from "@/lib/plain-text";
import { QUICK_REACTIONS } from "./reactions";

export type SheetAction = {
  label: string;
  icon: ReactNode;
  run: () => void;
  danger?: boolean;
};

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
  const close = (then: () => void) => () => {
    onOpenChange(false);
    then();
  };
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <RadixDialog.Content
          data-testid="message-actions"
          className="fixed inset-x-0 bottom-0 z-50 max-h-[85dvh] overflow-y-auto rounded-t-2xl bg-sidebar px-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] pt-2 shadow-2xl outline-none"
        >
          <div className="mx-auto mb-2 h-1 w-10 rounded-full bg-white/20" aria-hidden />
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
          </div>
          <ul className="overflow-hidden rounded-lg bg-main">
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

/** Copies text for the user and says so (or why not). */
async function copy(text: string, what: string) {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(`${what} copied`);
  } catch {
    toast.error(`Could not copy the ${what.toLowerCase()}.`);
  }
}

/** The link that opens this message: in its channel, or in its thread beside the channel. */
export function messageLink(messageId: string, messageChannelId: string): string {
  const url = new URL(window.location.href);
  const pageChannelId = url.pathname.split("/").at(-1);
  url.search = "";
  if (messageChannelId !== pageChannelId) url.searchParams.set("thread", messageChannelId);
  url.searchParams.set("m", messageId);
  return url.toString();
}

/** The sheet's rows, in the toolbar's order; each only where the toolbar would show it. */
export function sheetActions(options: {
  content: string;
  messageId: string;
  channelId: string;
  onReply: () => void;
  thread?: { label: string; run: () => void };
  pin?: { pinned: boolean; run: () => void };
  onEdit?: () => void;
  remove?: { label: string; run: () => void };
}): SheetAction[] {
  const icon = "size-5 shrink-0 text-muted";
  const rows: (SheetAction | false | undefined)[] = [
    { label: "Reply", icon: <Reply className={icon} />, run: options.onReply },
    options.thread && {
      label: options.thread.label,
      icon: <MessagesSquare className={icon} />,
      run: options.thread.run,
    },
    !!options.content && {
      label: "Copy text",
      icon: <Copy className={icon} />,
      run: () => void copy(plainText(options.content), "Text"),
    },
    {
      label: "Copy link",
      icon: <Link2 className={icon} />,
      run: () => void copy(messageLink(options.messageId, options.channelId), "Link"),
    },
    options.pin && {
      label: options.pin.pinned ? "Unpin message" : "Pin message",
      icon: options.pin.pinned ? <PinOff className={icon} /> : <Pin className={icon} />,
      run: options.pin.run,
    },
    options.onEdit && { label: "Edit message", icon: <Pencil className={icon} />, run: options.onEdit },
    options.remove && {
      label: options.remove.label,
      icon: <Trash2 className="size-5 shrink-0" />,
      run: options.remove.run,
      danger: true,
    },
  ];
  return rows.filter((row): row is SheetAction => !!row);
}
