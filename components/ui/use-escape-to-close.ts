"use client";

import { useEffect } from "react";

/** Esc closes a side panel, unless a dialog or menu is open (Esc is theirs) or something already handled it. */
export function useEscapeToClose(onClose: () => void) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented && !document.querySelector("[role=dialog],[role=menu]"))
        onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
}
