"use client";

import { useLayoutEffect, useRef } from "react";

/**
 * Where focus goes when a dialog closes: back to what had it when the dialog opened (Radix does
 * this only for dialogs opened by its own Trigger; ours open from state). Pass the result as the
 * Content's `onCloseAutoFocus`.
 */
export function useFocusReturn(open: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open && document.activeElement instanceof HTMLElement && document.activeElement !== document.body)
      opener.current = document.activeElement;
  }, [open]);
  return (event: Event) => {
    const target = opener.current;
    opener.current = null;
    if (!target?.isConnected) return;
    event.preventDefault();
    target.focus({ preventScroll: true });
  };
}
