"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { AttachmentDTO } from "@/lib/dto";

/** An image at full size over the page, with a link to the original. */
export function ImageViewer({
  attachment,
  open,
  onOpenChange,
  returnFocus,
}: {
  attachment: AttachmentDTO;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** focus goes back to the thumbnail that opened it */
  returnFocus: (event: Event) => void;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/85" />
        <Dialog.Content
          onCloseAutoFocus={returnFocus}
          className="fixed inset-0 z-50 flex flex-col items-center justify-center gap-2 p-6 outline-none"
          aria-describedby={undefined}
        >
          <Dialog.Title className="sr-only">{attachment.fileName}</Dialog.Title>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={attachment.url}
            alt={attachment.fileName}
            className="max-h-[85vh] max-w-full object-contain"
            data-testid="image-full"
          />
          <div className="flex items-center gap-4 text-sm">
            <a
              href={attachment.url}
              target="_blank"
              rel="noopener noreferrer"
              className="text-muted hover:text-strong hover:underline"
            >
              Open original
            </a>
            <Dialog.Close className="flex items-center gap-1 text-muted hover:text-strong">
              <X className="size-4" /> Close
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
