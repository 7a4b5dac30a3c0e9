import { Copy, Link2, MessagesSquare, Pencil, Pin, PinOff, Reply, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { plainText } from "@/lib/plain-text";

export type SheetAction = {
  label: string;
  icon: ReactNode;
  run: () => void;
  danger?: boolean;
};

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
