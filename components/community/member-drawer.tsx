"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { useFocusReturn } from "@/components/ui/use-focus-return";
import { X } from "lucide-react";
import type { ComponentProps } from "react";
import { MemberList } from "./member-list";

/**
 * The member list below `lg`, where there is no room beside the conversation: a sheet from the
 * right edge (Esc, the backdrop or × closes it; focus returns to the header button).
 */
export function MemberDrawer({
  open,
  onOpenChange,
  ...list
}: { open: boolean; onOpenChange: (open: boolean) => void } & ComponentProps<typeof MemberList>) {
  const returnFocus = useFocusReturn(open);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <RadixDialog.Content
          onCloseAutoFocus={returnFocus}
          data-testid="member-drawer"
          aria-describedby={undefined}
          className="fixed inset-y-0 right-0 z-40 flex w-[min(20rem,88vw)] flex-col bg-sidebar shadow-2xl outline-none"
        >
          <div className="flex h-12 shrink-0 items-center justify-between border-b border-black/30 px-3">
            <RadixDialog.Title className="font-semibold text-strong">Members</RadixDialog.Title>
            <RadixDialog.Close aria-label="Close" className="rounded p-2.5 text-muted hover:bg-hover hover:text-text">
              <X className="size-5" />
            </RadixDialog.Close>
          </div>
          <MemberList {...list} className="min-h-0 flex-1" />
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
