"use client";

import { useEffect, useRef, useState } from "react";
import { Pin, X } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { Spinner } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { useDismiss } from "@/components/ui/use-dismiss";
import type { MessageDTO } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { MessageText } from "./message-text";
import { MessageTextScope } from "./message-text-scope";

/** The channel's pinned messages under the header's pin button; "Jump" opens one in the history. */
export function PinsButton({
  communityId,
  channelId,
  meUsername,
  onJump,
}: {
  communityId: string;
  channelId: string;
  meUsername: string;
  onJump: (messageId: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [pins, setPins] = useState<MessageDTO[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setPins(null);
    setError(null);
    fetch(`/api/channels/${channelId}/pins`, { cache: "no-store" })
      .then((response) => response.json() as Promise<Result<MessageDTO[]>>)
      .then((result) => {
        if (cancelled) return;
        if (result.ok) setPins(result.data);
        else setError(result.message);
      })
      .catch(() => !cancelled && setError("You are offline."));
    return () => {
      cancelled = true;
    };
  }, [open, channelId]);
  useDismiss(open, [panel], (how) => {
    setOpen(false);
    // focus goes back to the button (it was inside the panel, which is gone)
    if (how === "escape" && panel.current?.contains(document.activeElement))
      panel.current.querySelector("button")?.focus();
  });

  return (
    <div className="relative" ref={panel}>
      <IconButton
        label="Pinned messages"
        aria-expanded={open}
        className={open ? "text-text" : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        <Pin className="size-5" />
      </IconButton>
      {open && (
        <section
          role="dialog"
          aria-label="Pinned messages"
          className="absolute right-0 top-9 z-40 flex max-h-[70vh] w-[420px] max-w-[90vw] flex-col rounded-lg bg-sidebar shadow-xl ring-1 ring-black/40"
        >
          <header className="flex items-center justify-between border-b border-line px-4 py-3">
            <h2 className="font-semibold text-strong">Pinned messages</h2>
            <IconButton
              label="Close pinned messages"
              onClick={() => {
                setOpen(false);
                panel.current?.querySelector("button")?.focus();
              }}
            >
              <X className="size-4" />
            </IconButton>
          </header>
          <div className="min-h-0 flex-1 overflow-y-auto p-2">
            {error ? (
              <p className="p-4 text-sm text-danger">{error}</p>
            ) : !pins ? (
              <div className="flex justify-center p-6 text-muted">
                <Spinner />
              </div>
            ) : pins.length === 0 ? (
              <div className="p-6 text-center text-sm text-muted">
                <Pin className="mx-auto mb-2 size-8 text-faint" />
                This channel has no pinned messages yet.
              </div>
            ) : (
              <MessageTextScope communityId={communityId} messages={pins}>
                {pins.map((message) => (
                  <article
                    key={message.id}
                    data-testid="pinned-message"
                    className="group relative mb-1 rounded-md bg-main p-3"
                  >
                    <div className="flex items-center gap-2">
                      <Avatar name={message.author.displayName} seed={message.author.id} size={24} />
                      <span className="text-sm font-medium text-strong">{message.author.displayName}</span>
                      <button
                        type="button"
                        onClick={() => {
                          setOpen(false);
                          onJump(message.id);
                        }}
                        className="ml-auto rounded bg-raised px-2 py-0.5 text-xs text-text opacity-0 hover:bg-hover focus:opacity-100 group-hover:opacity-100"
                      >
                        Jump
                      </button>
                    </div>
                    <div className="mt-1 line-clamp-4 break-words text-sm">
                      {message.content ? (
                        <MessageText
                          content={message.content}
                          mentions={message.mentions}
                          mentionsEveryone={message.mentionsEveryone}
                          currentUsername={meUsername}
                        />
                      ) : (
                        <span className="italic text-muted">{message.attachment?.fileName ?? "Attachment"}</span>
                      )}
                    </div>
                  </article>
                ))}
              </MessageTextScope>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
